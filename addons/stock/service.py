"""Stock of products: switching it on per product, moves of posted and cancelled documents,
corrections, minimum stock, components and units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from sqlalchemy import delete, exists, func, select

from addons.products.api import get_product
from addons.stock.errors import StockError
from addons.stock.ledger import NewMove, default_location, ensure_balance, write_moves
from addons.stock.models import Component, Move, MoveSource, StockedProduct, UnitConversion
from addons.stock.posting import write_document_moves
from addons.stock.rules import Expander, mode
from addons.stock.translation import N_, _
from core.api import (
    Context,
    Document,
    DocumentLine,
    DocumentRecord,
    DocumentState,
    document_record,
    kind_of,
)

MSG_CANCELLATION = N_("Cancellation: %(document)s")


def post_document_moves(ctx: Context, record: DocumentRecord) -> int:
    """Write the moves of a document that was just posted; returns how many."""
    return write_document_moves(ctx, record)


def reverse_document_moves(ctx: Context, record: DocumentRecord) -> int:
    """Put back what a cancelled document took: what its moves add up to per product, location
    and line, reversed by moves that name it too; returns how many (none when it moved
    nothing, or its moves were reversed already)."""
    rows = ctx.session.execute(
        select(Move.location_id, Move.product_id, Move.line_position, func.sum(Move.quantity))
        .where(Move.document_id == record.id, Move.source == MoveSource.DOCUMENT)
        .group_by(Move.location_id, Move.product_id, Move.line_position)
        .order_by(Move.location_id, Move.line_position, Move.product_id))
    kind = kind_of(ctx, record.kind).label(ctx.language)
    reason = _(MSG_CANCELLATION) % {"document": f"{kind} {record.number}"}
    per_location: dict[int, list[NewMove]] = defaultdict(list)
    for location_id, product_id, position, total in rows:
        per_location[location_id].append(NewMove(
            product_id, -Decimal(total), MoveSource.DOCUMENT, document_id=record.id,
            line_position=position, reason=reason, user_id=ctx.user_id))
    return sum(write_moves(ctx, moves, location_id)
               for location_id, moves in sorted(per_location.items()))


def stocked(ctx: Context, product_id: int) -> StockedProduct | None:
    """The stock settings of a product, or None when its stock was never followed."""
    return ctx.session.scalar(select(StockedProduct).where(
        StockedProduct.product_id == product_id))


def track(ctx: Context, product_id: int, minimum: Decimal | None = None) -> StockedProduct:
    """Follow the stock of a product: its level is computed from the documents already
    posted that did not move it yet (1 sold, none received: −1)."""
    get_product(ctx, product_id)
    row = stocked(ctx, product_id)
    if row is None:
        row = StockedProduct(product_id=product_id, tracked=True, minimum=minimum)
        ctx.session.add(row)
    else:
        row.tracked = True
        if minimum is not None:
            row.minimum = minimum
    ctx.session.flush()
    ensure_balance(ctx, product_id, default_location(ctx))
    catch_up(ctx, [product_id])
    return row


def untrack(ctx: Context, product_id: int) -> None:
    """Stop following a product's stock; its moves stay."""
    get_product(ctx, product_id)
    row = stocked(ctx, product_id)
    if row is not None:
        row.tracked = False
        ctx.session.flush()


def set_minimum(ctx: Context, product_id: int, minimum: Decimal | None) -> None:
    """The minimum stock of a followed product (None: no minimum)."""
    if minimum is not None and minimum < 0:
        raise StockError(_("The minimum stock cannot be negative."))
    row = stocked(ctx, product_id)
    if row is None:
        raise StockError(_("Switch the stock of this product on first."))
    row.minimum = minimum
    ctx.session.flush()


def catch_up(ctx: Context, product_ids: Iterable[int] | None = None) -> int:
    """Moves for posted documents that have none yet for followed products (after switching
    a product or the addon on again): each document is judged by the rules of today's mode,
    a document that already moved a product never moves it again, a cancelled one never
    moves. Returns the count."""
    tracked = set(ctx.session.scalars(
        select(StockedProduct.product_id).where(StockedProduct.tracked.is_(True))))
    wanted = tracked if product_ids is None else tracked & set(product_ids)
    if not wanted:
        return 0
    composites = set(ctx.session.scalars(
        select(Component.product_id).where(Component.component_id.in_(wanted))))
    touched = wanted | composites
    documents = ctx.session.scalars(
        select(Document)
        .where(Document.state.not_in((DocumentState.DRAFT, DocumentState.CANCELLED)),
               exists().where(DocumentLine.document_id == Document.id,
                              DocumentLine.product_id.in_(touched)))
        .order_by(Document.issue_date, Document.id)
    )
    current = mode(ctx)
    return sum(write_document_moves(ctx, document_record(document), current, wanted)
               for document in documents)


def correct(ctx: Context, product_id: int, quantity: Decimal, reason: str) -> None:
    """A manual correction of a product's stock by `quantity` (signed), with its reason and
    the user who made it."""
    get_product(ctx, product_id)
    if not reason.strip():
        raise StockError(_("Give the reason of the correction."))
    if not quantity:
        raise StockError(_("A correction needs a quantity other than zero."))
    if stocked(ctx, product_id) is None:
        track(ctx, product_id)
    write_moves(ctx, [NewMove(product_id, quantity, MoveSource.CORRECTION,
                              reason=reason.strip(), user_id=ctx.user_id)])


def set_components(ctx: Context, product_id: int, parts: Mapping[int, Decimal]) -> None:
    """Make a product composite: selling one moves `parts` ({component id: quantity})."""
    get_product(ctx, product_id)
    for component_id, quantity in parts.items():
        get_product(ctx, component_id)
        if component_id == product_id:
            raise StockError(_("A product cannot be a component of itself."))
        if quantity <= 0:
            raise StockError(_("A component needs a quantity above zero."))
    ctx.session.execute(delete(Component).where(Component.product_id == product_id))
    ctx.session.add_all(Component(product_id=product_id, component_id=c, quantity=q)
                        for c, q in parts.items())
    ctx.session.flush()


def set_unit(ctx: Context, product_id: int, unit: str, factor: Decimal) -> None:
    """One `unit` of the product (e.g. BX) holds `factor` of the product's own unit."""
    get_product(ctx, product_id)
    if factor <= 0:
        raise StockError(_("A unit needs a factor above zero."))
    row = ctx.session.scalar(select(UnitConversion).where(
        UnitConversion.product_id == product_id, UnitConversion.unit == unit))
    if row is None:
        ctx.session.add(UnitConversion(product_id=product_id, unit=unit, factor=factor))
    else:
        row.factor = factor
    ctx.session.flush()


def needed(ctx: Context, record: DocumentRecord) -> dict[int, Decimal]:
    """What the lines of a document ask of each followed product, in its own unit."""
    lines = [line for line in record.lines if line.product_id is not None]
    if not lines:
        return {}
    expander = Expander(ctx, {line.product_id for line in lines if line.product_id})
    asked: dict[int, Decimal] = {}
    for line in lines:
        for move in expander.moves(line):
            asked[move.product_id] = asked.get(move.product_id, Decimal(0)) + move.quantity
    return asked


def components_of(ctx: Context, product_id: int) -> dict[int, Decimal]:
    """The components of a composite product and their quantity per unit."""
    return {c: Decimal(q) for c, q in ctx.session.execute(
        select(Component.component_id, Component.quantity)
        .where(Component.product_id == product_id).order_by(Component.id))}


def units_of(ctx: Context, product_id: int) -> dict[str, Decimal]:
    """Other units of a product and how many of its own unit each holds."""
    return {u: Decimal(f) for u, f in ctx.session.execute(
        select(UnitConversion.unit, UnitConversion.factor)
        .where(UnitConversion.product_id == product_id).order_by(UnitConversion.unit))}
