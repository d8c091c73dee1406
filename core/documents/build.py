"""Building new document rows: transient ORM objects filled in one step.

Creating a document builds a `Document` and a `DocumentLine` per line. The declarative
constructor sets each field through the attribute machinery, which records a change history
that a new row never needs (it is inserted whole, see `core.documents.persist`). `transient`
fills the instance's fields directly instead; the object is the same transient instance
`cls(**values)` gives. `assign` changes fields the same way while the instance is still
transient (the line hooks and the totals fill a new line in several steps), and through the
attributes once it belongs to a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.base import instance_state

T = TypeVar("T")


@cache
def _column_keys(cls: type) -> frozenset[str]:
    return frozenset(column.key for column in inspect(cls).local_table.columns)


def transient(cls: type[T], values: Mapping[str, Any]) -> T:
    """A new instance of a mapped class holding `values` (column attributes only)."""
    mapper = inspect(cls)
    if not mapper.configured:
        configure_mappers()
    unknown = values.keys() - _column_keys(cls)
    if unknown:
        raise TypeError(f"{sorted(unknown)[0]!r} is an invalid keyword argument for {cls.__name__}")
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(values)
    return instance


def assign(instance: Any, values: Mapping[str, Any]) -> None:
    """Set column attributes of a mapped instance: directly while it is transient (in no
    session, never stored), through the attribute machinery otherwise."""
    state = instance_state(instance)
    if state.key is None and state.session_id is None:
        instance.__dict__.update(values)
        return
    for name, value in values.items():
        setattr(instance, name, value)
