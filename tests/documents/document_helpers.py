"""Helpers of the documents tests that the test modules import (fixtures stay in conftest)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from core.contacts.models import Contact
from core.context import Context

_numbers = itertools.count(1)


def add_customer(ctx: Context, name: str = "Klant NV", **fields: Any) -> Contact:
    """A customer of the context's tenant, with an address."""
    number = fields.pop("number", f"C{next(_numbers):05d}")
    values = {"street": "Veldstraat 1", "postal_code": "9000", "city": "Gent", "country": "BE",
              "language": "nl", **fields}
    contact = Contact(number=number, name=name, **values)
    ctx.session.add(contact)
    ctx.session.flush()
    return contact


@contextmanager
def product_reads(engine: Engine) -> Iterator[list[str]]:
    """The SELECT statements on the products table run inside the block, as they run."""
    reads: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith("SELECT") and "FROM products_products" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        event.remove(engine, "before_cursor_execute", count)
