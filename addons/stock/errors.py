"""Errors of the stock addon: a clear message for the person who typed the input."""


class StockError(ValueError):
    """Input the stock addon refuses; the message says why, in the user's language."""
