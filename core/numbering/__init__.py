"""Gapless numbering: counters per tenant, sequence and fiscal year, and number patterns."""
