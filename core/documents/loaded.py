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

`announcing` goes one step further: while a document's lines are built (or a batch is
validated and posted) it names the products (or the documents) the coming hook calls are
about, so that a hook reads all of them in one statement instead of one per call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


PRODUCTS = "products"
DOCUMENTS = "documents"


def _ahead_key(what: str) -> str:
    return f"facturo.documents.ahead.{what}"


@contextmanager
def announcing(session: Session, what: str, ids: Iterable[int | None]) -> Iterator[None]:
    """Announce the rows a run of hook calls will be about, so that a hook can read what it
    needs of all of them in one statement instead of one per call.

    `what` is `PRODUCTS` (the products of the lines being built) or `DOCUMENTS` (the
    documents about to be validated and posted, e.g. a batch). A hook that reads ahead
    keeps what it read no longer than the announcement: see `announced`.
    """
    key = _ahead_key(what)
    before = session.info.get(key, frozenset())
    session.info[key] = before | {row_id for row_id in ids if row_id is not None}
    try:
        yield
    finally:
        session.info[key] = before


def announced(session: Session, what: str) -> frozenset[int]:
    """The ids announced by `announcing` for `what` (maybe none). The same set object is
    returned for the whole announcement: a hook can key what it read ahead on it."""
    return session.info.get(_ahead_key(what), frozenset())


def forget_after_writes(key: str, *models: type) -> None:
    """Drop what a hook keeps in `session.info[key]` after every flush that writes a row of
    one of `models`: a hook that reads rows ahead keeps them only while they are unchanged.
    Call it once, at import time of the module that keeps them."""

    @event.listens_for(Session, "after_flush")
    def _forget(session: Session, _context: Any) -> None:
        if key in session.info and any(
            isinstance(obj, models)
            for changed in (session.new, session.dirty, session.deleted)
            for obj in changed
        ):
            session.info.pop(key, None)
