"""Ids taken from a request (the path, the query string, a form field), checked against the
tenant: the one way every core page and every addon reads a record's id from a request.

`owned(ctx, Model, value)` is the tenant's record or a 404; `owned_id(ctx, target, value)` is
the id of a record the tenant owns (None for an empty field) or a 404, for a table the caller
does not map (`"products"` from a core page). Another tenant's id, a deleted record, a text
that is not a number and a number too large for any id all answer the same 404, so a visitor
learns nothing about other companies' records.

Path parameters declared `{name:int}` only match ids of at most 18 digits (`IdConvertor`,
registered for `int` when `core.web` is imported): a longer number is a page that does not
exist, not a database error.
"""

from __future__ import annotations

from typing import Any, TypeVar

from starlette.convertors import Convertor
from starlette.exceptions import HTTPException

from core.context import Context
from core.ids import MAX_ID, id_value, owns

__all__ = ["MAX_ID", "IdConvertor", "id_value", "owned", "owned_id", "owns"]
M = TypeVar("M")


class IdConvertor(Convertor[int]):
    """`{name:int}` in a route path: a non-negative integer of at most 18 digits."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        """The integer of the path segment."""
        return int(value)

    def to_string(self, value: int) -> str:
        """The path segment of an integer."""
        value = int(value)
        if value < 0:
            raise ValueError("an id in a path is not negative")
        return str(value)


def owned_id(ctx: Context, target: Any, value: Any, *, required: bool = False) -> int | None:
    """The id in `value` when the tenant owns that record of `target` (a model, a table or a
    table's name); None for an empty value unless `required`; else a 404."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise HTTPException(404)
        return None
    record_id = id_value(value)
    try:
        found = record_id is not None and owns(ctx, target, record_id)
    except LookupError:  # the table's addon is not installed: no such record
        found = False
    if not found:
        raise HTTPException(404)
    return record_id


def owned(ctx: Context, model: type[M], value: Any) -> M:
    """The tenant's record of `model` whose id a request gave, or a 404."""
    record_id = id_value(value)
    record = None if record_id is None else ctx.session.get(model, record_id)
    if record is None or getattr(record, "tenant_id", ctx.tenant_id) != ctx.tenant_id:
        raise HTTPException(404)
    return record
