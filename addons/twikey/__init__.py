"""Twikey: direct debit mandates, collections of posted invoices and their payments."""
