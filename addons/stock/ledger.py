"""The ledger: writing moves, reading levels from their running balances, verifying.

Moves are written in the caller's transaction, so a posting that fails moves nothing. The
database adds each move to its balance (a trigger, migration `stock_0002`) with
`quantity = quantity + new` (never read, added and written back), so concurrent postings of
the same product never lose a move: PostgreSQL locks the balance row until the transaction
ends, SQLite has one writer at a time. Moves are written in product order so that two
postings never wait on each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select, update

from addons.stock.models import Balance, Location, Move, MoveSource
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
    """Write moves (the database adds them to their balances); returns how many were
    written. Rows go in product order, so that two writers lock balances in one order."""
    rows = sorted((move for move in moves if move.quantity), key=lambda move: move.product_id)
    if not rows:
        return 0
    location = location_id or default_location(ctx)
    ctx.session.connection().execute(insert(Move.__table__), [
        {"tenant_id": ctx.tenant_id, "location_id": location, "product_id": move.product_id,
         "quantity": move.quantity, "source": move.source, "move_date": move.move_date,
         "document_id": move.document_id, "line_position": move.line_position,
         "receipt_id": move.receipt_id, "count_id": move.count_id,
         "unit_cost": move.unit_cost, "reason": move.reason, "user_id": move.user_id}
        for move in rows
    ])
    return len(rows)


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
