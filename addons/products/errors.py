"""Errors of the product services, each with a message fit to show to the user."""

from __future__ import annotations

from collections.abc import Mapping


class ProductError(ValueError):
    """A product operation that cannot be done; `str(error)` says why."""


class ProductValidationError(ProductError):
    """Input that cannot be saved: `errors` maps each bad field to its reason."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.errors.items()))


class ProductNotFound(ProductError):
    """No such product or category for this tenant."""
