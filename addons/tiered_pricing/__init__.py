"""Tiered prices: price segments, per-segment prices and quantity breaks per product."""
