"""Delivery notes: what was delivered, with or without prices, invoiced in bulk later."""
