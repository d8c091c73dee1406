"""Taking numbers without gaps.

A number is taken inside the transaction that uses it (posting an invoice, saving a
customer): the counter row is incremented with `UPDATE ... RETURNING`, which locks it until
commit on PostgreSQL; on SQLite the caller holds the write lock (`Database.write_lock`). A
transaction that fails after taking its number rolls the counter back with it: no gap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db.tenancy import TenantContextMissing, session_tenant
from core.numbering.models import NumberCounter, NumberSequence
from core.numbering.patterns import render, uses_year, validate_pattern

DEFAULT_PATTERNS = {
    "invoice": "F%Y(4)",
    "credit_note": "CN%Y(4)",
    "customer": "C(5)",
    "supplier": "L(5)",
    "product": "P(5)",
}


def parse_year_start(year_start: str) -> tuple[int, int]:
    """(month, day) of a fiscal year start written `MM-DD`; a clear error when invalid."""
    try:
        month, day = (int(part) for part in year_start.split("-"))
        date(2001, month, day)  # a year without 29 February: that day cannot start a year
    except (TypeError, ValueError):
        raise ValueError(f"{year_start!r} is not a fiscal year start such as 01-01") from None
    return month, day


def fiscal_year(on: date, year_start: str = "01-01") -> int:
    """The fiscal year a date falls in, named after the calendar year it starts in."""
    month, day = parse_year_start(year_start)
    return on.year if (on.month, on.day) >= (month, day) else on.year - 1


_SEQUENCES = NumberSequence.__table__
_COUNTERS = NumberCounter.__table__
_FIND_SEQUENCE = select(
    _SEQUENCES.c.id, _SEQUENCES.c.pattern, _SEQUENCES.c.yearly, _SEQUENCES.c.year_start
).where(_SEQUENCES.c.tenant_id == bindparam("t_id"), _SEQUENCES.c.key == bindparam("seq_key"))
_INCREMENT_BY = (
    update(_COUNTERS)
    .where(
        _COUNTERS.c.tenant_id == bindparam("t_id"),
        _COUNTERS.c.sequence_id == bindparam("seq_id"),
        _COUNTERS.c.fiscal_year == bindparam("fy"),
    )
    .values(last_value=_COUNTERS.c.last_value + bindparam("count"))
    .returning(_COUNTERS.c.last_value)
)


def sequence(session: Session, key: str, default_pattern: str | None = None) -> NumberSequence:
    """The tenant's sequence for a key, created with its default pattern on first use."""
    found = session.scalars(select(NumberSequence).where(NumberSequence.key == key)).first()
    if found is not None:
        return found
    pattern = validate_pattern(default_pattern or DEFAULT_PATTERNS.get(key, key.upper() + "(5)"))
    created = NumberSequence(key=key, pattern=pattern, yearly=uses_year(pattern))
    try:
        with session.begin_nested():
            session.add(created)
    except IntegrityError:
        return session.scalars(select(NumberSequence).where(NumberSequence.key == key)).one()
    return created


def set_pattern(session: Session, key: str, pattern: str) -> NumberSequence:
    """Change a sequence's pattern; numbers already given are never changed."""
    seq = sequence(session, key)
    seq.pattern = validate_pattern(pattern)
    seq.yearly = uses_year(pattern)
    return seq


def set_year_start(session: Session, key: str, year_start: str) -> NumberSequence:
    """Make a sequence restart each fiscal year on `year_start` (`MM-DD`, e.g. `07-01`)."""
    parse_year_start(year_start)
    seq = sequence(session, key)
    seq.year_start = year_start
    return seq


def _counter_year(seq: Any, on: date) -> int:
    return fiscal_year(on, seq.year_start) if seq.yearly else 0


def _bump(session: Session, tenant_id: int, seq_id: int, year: int, count: int) -> int:
    """Move a counter `count` steps (creating it when new); its new last value."""
    params = {"t_id": tenant_id, "seq_id": seq_id, "fy": year, "count": count}
    last = session.connection().execute(_INCREMENT_BY, params).scalar_one_or_none()
    if last is not None:
        return int(last)
    try:
        with session.begin_nested():
            session.add(NumberCounter(sequence_id=seq_id, fiscal_year=year, last_value=count))
        return count
    except IntegrityError:  # another writer created the counter first
        return int(session.connection().execute(_INCREMENT_BY, params).scalar_one())


def _shown_year(seq: Any, on: date) -> int | None:
    return fiscal_year(on, seq.year_start) if seq.yearly else None


def _counting_sequence(session: Session, key: str) -> tuple[int, Any]:
    """The session's tenant and the sequence `key` (made on first use) whose counter a
    number is taken from; the session's pending rows are flushed first, since taking a number
    reads and writes the database directly."""
    tenant_id = session_tenant(session)
    if tenant_id is None:
        raise TenantContextMissing("numbers are taken in a tenant's session")
    session.flush()
    seq = session.connection().execute(
        _FIND_SEQUENCE, {"t_id": tenant_id, "seq_key": key}
    ).first()
    if seq is None:
        seq = sequence(session, key)
    return tenant_id, seq


def take_number(
    session: Session,
    key: str,
    on: date,
    pattern: str | None = None,
    *,
    pattern_for: Callable[[NumberSequence], str | None] | None = None,
) -> tuple[str, int]:
    """The next number of a sequence for a date, and its counter value; gapless.

    `pattern` overrides the sequence's pattern; otherwise `pattern_for(sequence)` may (the
    `number_pattern` hook). With a fiscal year that does not start on 1 January, `%Y` shows
    the year the fiscal year started in, so that numbers never repeat across years.
    """
    return take_numbers(session, key, on, 1, pattern, pattern_for=pattern_for)[0]


def set_next_number(session: Session, key: str, next_value: int, on: date) -> None:
    """Continue numbering at `next_value` ("my last paper invoice was 115": pass 116)."""
    if next_value < 1:
        raise ValueError("the next number must be 1 or more")
    seq = sequence(session, key)
    year = _counter_year(seq, on)
    counter = session.scalars(
        select(NumberCounter)
        .where(NumberCounter.sequence_id == seq.id, NumberCounter.fiscal_year == year)
        .execution_options(populate_existing=True)  # counters move by UPDATE statements
    ).first()
    if counter is None:
        session.add(NumberCounter(sequence_id=seq.id, fiscal_year=year, last_value=next_value - 1))
        return
    if next_value - 1 < counter.last_value:
        raise ValueError(
            f"number {counter.last_value} was already given; the next must be higher"
        )
    counter.last_value = next_value - 1


def preview(session: Session, key: str, on: date, pattern: str | None = None) -> str:
    """The number the sequence would give next, without taking it."""
    seq = sequence(session, key)
    year = _counter_year(seq, on)
    last = session.scalar(
        select(NumberCounter.last_value).where(
            NumberCounter.sequence_id == seq.id, NumberCounter.fiscal_year == year
        )
    )
    return render(pattern or seq.pattern, (last or 0) + 1, on, _shown_year(seq, on))


def take_numbers(
    session: Session,
    key: str,
    on: date,
    count: int,
    pattern: str | None = None,
    *,
    pattern_for: Callable[[NumberSequence], str | None] | None = None,
) -> list[tuple[str, int]]:
    """A block of `count` consecutive numbers in one counter update (bulk imports); gapless.

    Same rules as `take_number`; the numbers and their counter values come back in order.
    """
    if count < 1:
        return []
    tenant_id, seq = _counting_sequence(session, key)
    if pattern is None and pattern_for is not None:
        pattern = pattern_for(sequence(session, key))
    year = _counter_year(seq, on)
    last = _bump(session, tenant_id, seq.id, year, count)
    chosen, shown = pattern or seq.pattern, _shown_year(seq, on)
    values = range(last - count + 1, last + 1)
    return [(render(chosen, value, on, shown), value) for value in values]


def number_block(
    session: Session,
    key: str,
    dates: list[date],
    *,
    pattern_for: Callable[[NumberSequence], str | None] | None = None,
) -> list[tuple[str, int]]:
    """Numbers for documents dated `dates`, given in that order; gapless.

    One counter update per fiscal year found among the dates (usually one for the whole
    block); each number is rendered with its own date, as `take_number` would render it.
    """
    if not dates:
        return []
    tenant_id, seq = _counting_sequence(session, key)
    pattern = pattern_for(sequence(session, key)) if pattern_for is not None else None
    years = [_counter_year(seq, on) for on in dates]
    following: dict[int, int] = {}
    for year in dict.fromkeys(years):
        count = years.count(year)
        following[year] = _bump(session, tenant_id, seq.id, year, count) - count + 1
    numbers = []
    for on, year in zip(dates, years, strict=True):
        value = following[year]
        following[year] = value + 1
        numbers.append((render(pattern or seq.pattern, value, on, _shown_year(seq, on)), value))
    return numbers
