"""The ledger: writing moves with their running balance, reading levels, verifying.

A move and the update of its balance happen in the caller's transaction, so a posting that
fails moves nothing. The balance is changed with `quantity = quantity + :delta` (never read,
added and written back), so concurrent postings of the same product never lose a move:
PostgreSQL locks the balance row until the transaction ends, SQLite has one writer at a time.
Balances are touched in product order so that two postings never wait on each other in a
circle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, func, insert, select, update

from addons.stock.models import Balance, Location, Move, MoveSource, Quantity
from core.api import Context

ZERO = Decimal(0)


@dataclass(frozen=True)
class NewMove:
    """A move to write: product, signed quantity in the product's unit, and its origin."""

    product_id: int
    quantity: Decimal
    source: str
    move_date: date = field(default_factory=date.today)
    document_id: int | None = None
    line_position: int | None = None
    receipt_id: int | None = None
    count_id: int | None = None
    unit_cost: Decimal | None = None
    reason: str = ""
    user_id: int | None = None


def default_location(ctx: Context) -> int:
    """The id of the tenant's default location, created the first time it is asked for."""
    found = ctx.session.scalar(select(Location.id).where(Location.is_default.is_(True))
                               .order_by(Location.id).limit(1))
    if found is not None:
        return found
    location = Location(name="Main", is_default=True)
    ctx.session.add(location)
    ctx.session.flush()
    return location.id


def ensure_balance(ctx: Context, product_id: int, location_id: int) -> None:
    """Create the balance row of a product at a location when it is missing."""
    exists = ctx.session.scalar(select(Balance.id).where(
        Balance.product_id == product_id, Balance.location_id == location_id))
    if exists is None:
        ctx.session.add(Balance(product_id=product_id, location_id=location_id, quantity=ZERO))
        ctx.session.flush()


def write_moves(ctx: Context, moves: Iterable[NewMove], location_id: int | None = None) -> int:
    """Write moves and add them to their balances; returns how many were written."""
    rows = [move for move in moves if move.quantity]
    if not rows:
        return 0
    location = location_id or default_location(ctx)
    connection = ctx.session.connection()
    connection.execute(insert(Move.__table__), [
        {"tenant_id": ctx.tenant_id, "location_id": location, "product_id": move.product_id,
         "quantity": move.quantity, "source": move.source, "move_date": move.move_date,
         "document_id": move.document_id, "line_position": move.line_position,
         "receipt_id": move.receipt_id, "count_id": move.count_id,
         "unit_cost": move.unit_cost, "reason": move.reason, "user_id": move.user_id}
        for move in rows
    ])
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for move in rows:
        totals[move.product_id] += move.quantity
    if _add_to_balances(ctx, location, totals) < len(totals):
        present = set(ctx.session.scalars(select(Balance.product_id).where(
            Balance.location_id == location, Balance.product_id.in_(list(totals)))))
        missing = {p: total for p, total in totals.items() if p not in present}
        for product_id in sorted(missing):
            ensure_balance(ctx, product_id, location)
        _add_to_balances(ctx, location, missing)
    return len(rows)


@cache
def _balance_update() -> Update:
    """Add `:delta` to one balance (run once per product, as one executemany)."""
    table = Balance.__table__
    return (update(table)
            .where(table.c.tenant_id == bindparam("tenant"),
                   table.c.product_id == bindparam("product"),
                   table.c.location_id == bindparam("location"))
            .values(quantity=table.c.quantity + bindparam("delta", type_=Quantity)))


@cache
def _balance_lock() -> Select[Any]:
    """The balance rows of some products, locked in product order (PostgreSQL)."""
    table = Balance.__table__
    return (select(table.c.id)
            .where(table.c.tenant_id == bindparam("tenant"),
                   table.c.location_id == bindparam("location"),
                   table.c.product_id.in_(bindparam("products", expanding=True)))
            .order_by(table.c.product_id).with_for_update())


def _add_to_balances(ctx: Context, location: int, totals: dict[int, Decimal]) -> int:
    """Add each product's total to its balance in one executemany; returns the rows changed.
    On PostgreSQL the rows are locked in product order first, so that two postings never
    wait on each other in a circle."""
    connection = ctx.session.connection()
    products = sorted(totals)
    if connection.dialect.name == "postgresql":
        connection.execute(_balance_lock(), {"tenant": ctx.tenant_id, "location": location,
                                             "products": products})
    return connection.execute(_balance_update(), [
        {"tenant": ctx.tenant_id, "product": p, "location": location, "delta": totals[p]}
        for p in products
    ]).rowcount


def level(ctx: Context, product_id: int) -> Decimal:
    """Stock on hand of a product (all locations): its running balance."""
    found = ctx.session.scalar(
        select(func.sum(Balance.quantity)).where(Balance.product_id == product_id))
    return Decimal(found) if found is not None else ZERO


def levels(ctx: Context, product_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """Stock on hand per product, for some products or for every one with a balance."""
    query = select(Balance.product_id, func.sum(Balance.quantity)).group_by(Balance.product_id)
    if product_ids is not None:
        query = query.where(Balance.product_id.in_(list(product_ids)))
    return {product: Decimal(total) for product, total in ctx.session.execute(query)}


def sum_of_moves(ctx: Context) -> dict[tuple[int, int], Decimal]:
    """The sum of the moves per (product, location), recomputed from every move."""
    query = (select(Move.product_id, Move.location_id, func.sum(Move.quantity))
             .group_by(Move.product_id, Move.location_id))
    return {(p, loc): Decimal(total) for p, loc, total in ctx.session.execute(query)}


@dataclass(frozen=True)
class Mismatch:
    """A balance that differs from the sum of its moves."""

    product_id: int
    location_id: int
    balance: Decimal
    moves: Decimal


def verify(ctx: Context, repair: bool = False) -> list[Mismatch]:
    """Every balance that differs from the sum of its moves; with `repair`, set it right."""
    summed = sum_of_moves(ctx)
    balances = {(b.product_id, b.location_id): b for b in ctx.session.scalars(select(Balance))}
    wrong = []
    for key in sorted(set(summed) | set(balances)):
        kept = balances[key].quantity if key in balances else ZERO
        if kept != summed.get(key, ZERO):
            wrong.append(Mismatch(key[0], key[1], kept, summed.get(key, ZERO)))
    if repair:
        for item in wrong:
            key = (item.product_id, item.location_id)
            if key not in balances:
                ensure_balance(ctx, *key)
            ctx.session.execute(
                update(Balance).where(Balance.product_id == item.product_id,
                                      Balance.location_id == item.location_id)
                .values(quantity=item.moves).execution_options(synchronize_session=False))
    return wrong


__all__ = ["MoveSource", "NewMove", "default_location", "level", "levels", "verify",
           "write_moves"]
