"""How a list of contacts is sorted and narrowed by kind and archive state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, func, true

from core.contacts.models import Contact

SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Contact.name, Contact.id),
    "-name": (Contact.name.desc(), Contact.id.desc()),
    "number": (Contact.number,),
    "-number": (Contact.number.desc(),),
    "city": (Contact.city, Contact.name, Contact.id),
    "-city": (Contact.city.desc(), Contact.name.desc(), Contact.id.desc()),
    "created": (Contact.created_at, Contact.id),
    "-created": (Contact.created_at.desc(), Contact.id.desc()),
}
KINDS = ("customer", "supplier")


def sort_keys(sort: str) -> list[tuple[Any, bool]]:
    """The columns a sort key orders by, each with whether it is descending."""
    keys = []
    for item in SORTS.get(sort, SORTS["name"]):
        column = getattr(item, "element", item)
        keys.append((column, item is not column))
    return keys


def order_by(sort: str, matches_first: bool = False) -> tuple[Any, ...]:
    """The ORDER BY of a sort key. With `matches_first`, ordering by an expression keeps the
    planner from walking the sort's index row by row through a mostly non-matching table: it
    finds the matches through the search index, then sorts them."""
    if not matches_first:
        return SORTS.get(sort, SORTS["name"])
    plain = []
    for column, descending in sort_keys(sort):
        expression = func.coalesce(column, column)
        plain.append(expression.desc() if descending else expression)
    return tuple(plain)


def kind_clauses(kind: str | None, archived: bool | None) -> list[ColumnElement[bool]]:
    """Contacts of a `kind` (customer/supplier, None: both), archived or not (None: both)."""
    clauses: list[ColumnElement[bool]] = []
    if kind == "customer":
        clauses.append(Contact.is_customer == true())
    elif kind == "supplier":
        clauses.append(Contact.is_supplier == true())
    if archived is not None:
        clauses.append(Contact.archived == (true() if archived else false()))
    return clauses
