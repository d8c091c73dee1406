"""Quotes: quotes and order confirmations, accepted or declined, turned into invoices."""
