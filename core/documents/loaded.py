"""Keeping the rows that line hooks read alive for the rest of the unit of work.

A session holds the objects it loaded weakly: a row an addon hook reads and lets go (the
product of a line, say) is forgotten at once, and the next hook that asks for it reads it
from the database again. Inside `keeping_loaded(session)` every object the session loads is
held until the session's transaction ends, so a later `session.get` of the same row (the
price hook after the defaults hook, the next invoice of a batch) is answered from the
session's identity map, as it would be had the first caller kept the object. Only what is
loaded inside the block is held: a listing read elsewhere in the unit of work is not. The
listener that holds them is put on a session the first time it builds a document, so that
sessions that never do pay nothing per loaded row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEEPING = "facturo.documents.keeping_loaded"
_KEPT = "facturo.documents.kept_loaded"
_LISTENING = "facturo.documents.holds_loaded"


@contextmanager
def keeping_loaded(session: Session) -> Iterator[None]:
    """Hold every object the session loads inside the block until its transaction ends."""
    if session.info.get(_KEEPING):  # an enclosing block holds them already
        yield
        return
    if _LISTENING not in session.info:
        event.listen(session, "loaded_as_persistent", _hold)
        session.info[_LISTENING] = True
    session.info[_KEEPING] = True
    try:
        yield
    finally:
        session.info[_KEEPING] = False


def _hold(session: Session, instance: Any) -> None:
    if session.info.get(_KEEPING):
        session.info.setdefault(_KEPT, []).append(instance)


@event.listens_for(Session, "after_transaction_end")
def _let_go(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_KEPT, None)
