"""Segments, customer membership and price breaks: the one way every surface changes them.

Flat breaks: the break with the highest threshold not above the line's quantity sets the unit
price of the whole line. A customer in a segment gets the segment's breaks; when none of
them applies (or the customer has no segment) the base breaks; when none of those applies
either, the product's own sale price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from addons.products.api import get_product
from addons.tiered_pricing.models import CustomerSegment, PriceBreak, Segment
from addons.tiered_pricing.translation import _
from core.api import get_contact, parse_decimal, require_write
from core.api import record_audit as record

if TYPE_CHECKING:
    from core.api import Context

Break = tuple[Decimal, Decimal]  # (from quantity, unit price)


class PricingError(ValueError):
    """A pricing change that cannot be made; `str(error)` says why."""


@dataclass(frozen=True)
class PriceRow:
    """One break of a product's grid, as shown, exported and imported."""

    segment: str  # "" for the base breaks
    min_quantity: Decimal
    unit_price: Decimal


def flat_price(breaks: Iterable[Break], quantity: Decimal) -> Decimal | None:
    """The unit price of the highest threshold not above |quantity|, or None if none is."""
    size = abs(quantity)
    best: Break | None = None
    for threshold, price in breaks:
        if threshold <= size and (best is None or threshold > best[0]):
            best = (threshold, price)
    return None if best is None else best[1]


def plain(number: Decimal) -> str:
    """A number as people write it: `10`, `12.5` (no exponent, no trailing zeros)."""
    return format(number.normalize(), "f")


def decimal_of(value: Any, label: str) -> Decimal:
    """A number typed in the user's language (`1,5` in Dutch, `1.5` in
    English), not negative; a clear error otherwise."""
    try:
        number = parse_decimal(value)
    except ValueError:
        number = None
    if number is None:
        raise PricingError(_("%(label)s must be a number, not %(value)s.")
                           % {"label": label, "value": value})
    if number < 0:
        raise PricingError(_("%(label)s cannot be negative.") % {"label": label})
    return number


# --- Segments ----------------------------------------------------------------------------------


def list_segments(ctx: Context) -> list[Segment]:
    """The tenant's segments in their order."""
    return list(ctx.session.scalars(select(Segment).order_by(Segment.position, Segment.name)))


def get_segment(ctx: Context, segment_id: int) -> Segment:
    """A segment of the tenant, or a clear error."""
    segment = ctx.session.get(Segment, segment_id)
    if segment is None:
        raise PricingError(_("This price segment does not exist."))
    return segment


def segment_named(ctx: Context, name: str) -> Segment | None:
    """The segment with this name (ignoring case and spaces around it), or None."""
    wanted = name.strip().lower()
    return next((s for s in list_segments(ctx) if s.name.lower() == wanted), None)


def create_segment(ctx: Context, name: str) -> Segment:
    """Add a segment at the end of the list; names are unique."""
    require_write(ctx)
    name = name.strip()
    if not name or len(name) > 100:
        raise PricingError(_("A segment needs a name of at most 100 characters."))
    if segment_named(ctx, name) is not None:
        raise PricingError(_("A segment named %(name)s exists already.") % {"name": name})
    last = ctx.session.scalar(select(func.max(Segment.position))) or 0
    segment = Segment(name=name, position=last + 1)
    ctx.session.add(segment)
    ctx.session.flush()
    record(ctx, "tiered_pricing.segment_created", "price_segment", segment.id, {"name": name})
    return segment


def segment_usage(ctx: Context, segment_id: int) -> tuple[int, int]:
    """(customers in the segment, price breaks of the segment)."""
    customers = ctx.session.scalar(
        select(func.count()).where(CustomerSegment.segment_id == segment_id)
    )
    breaks = ctx.session.scalar(select(func.count()).where(PriceBreak.segment_id == segment_id))
    return int(customers or 0), int(breaks or 0)


def delete_segment(ctx: Context, segment_id: int) -> None:
    """Remove a segment that no customer and no price uses any more."""
    require_write(ctx)
    segment = get_segment(ctx, segment_id)
    customers, breaks = segment_usage(ctx, segment.id)
    if customers or breaks:
        raise PricingError(
            _("%(name)s is used by %(customers)s customer(s) and %(breaks)s price(s); move them "
              "first.") % {"name": segment.name, "customers": customers, "breaks": breaks}
        )
    ctx.session.delete(segment)
    ctx.session.flush()
    record(ctx, "tiered_pricing.segment_deleted", "price_segment", segment_id)


# --- Customers ---------------------------------------------------------------------------------


def customer_segment(ctx: Context, contact_id: int) -> Segment | None:
    """The segment a customer belongs to, or None."""
    return ctx.session.scalar(
        select(Segment)
        .join(CustomerSegment, CustomerSegment.segment_id == Segment.id)
        .where(CustomerSegment.contact_id == contact_id)
    )


def set_customer_segment(ctx: Context, contact_id: int, segment_id: int | None) -> None:
    """Put a customer in a segment, or in none (`segment_id=None`)."""
    require_write(ctx)
    get_contact(ctx, contact_id)
    if segment_id is not None:
        get_segment(ctx, segment_id)
    row = ctx.session.scalar(
        select(CustomerSegment).where(CustomerSegment.contact_id == contact_id)
    )
    if (row.segment_id if row else None) == segment_id:
        return
    if segment_id is None:
        ctx.session.delete(row)
    elif row is None:
        ctx.session.add(CustomerSegment(contact_id=contact_id, segment_id=segment_id))
    else:
        row.segment_id = segment_id
    ctx.session.flush()
    record(ctx, "tiered_pricing.customer_segment", "contact", contact_id, {"segment": segment_id})


# --- Prices ------------------------------------------------------------------------------------


def breaks_of(ctx: Context, product_id: int) -> dict[int | None, list[Break]]:
    """A product's breaks per segment id (None: base), each sorted by threshold."""
    grid: dict[int | None, list[Break]] = {}
    rows = ctx.session.execute(
        select(PriceBreak.segment_id, PriceBreak.min_quantity, PriceBreak.unit_price)
        .where(PriceBreak.product_id == product_id)
        .order_by(PriceBreak.min_quantity)
    )
    for segment_id, threshold, price in rows:
        grid.setdefault(segment_id, []).append((threshold, price))
    return grid


def clean_breaks(breaks: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> dict[Decimal, Decimal]:
    """{from quantity: unit price} as numbers, each quantity once; a clear error otherwise."""
    pairs = breaks.items() if isinstance(breaks, Mapping) else breaks
    cleaned: dict[Decimal, Decimal] = {}
    for raw_quantity, raw_price in pairs:
        quantity = decimal_of(raw_quantity, _("From quantity"))
        if quantity in cleaned:
            raise PricingError(_("Quantity %(quantity)s is given twice.")
                               % {"quantity": plain(quantity)})
        cleaned[quantity] = decimal_of(raw_price, _("Unit price"))
    return cleaned


def set_breaks(
    ctx: Context,
    product_id: int,
    segment_id: int | None,
    breaks: Mapping[Any, Any] | Iterable[tuple[Any, Any]],
) -> list[Break]:
    """Replace a product's breaks for a segment (None: base) by {from quantity: unit price}.

    A single price for a segment is one break from quantity 1; an empty mapping removes the
    segment's prices for the product.
    """
    require_write(ctx)
    get_product(ctx, product_id)
    if segment_id is not None:
        get_segment(ctx, segment_id)
    cleaned = clean_breaks(breaks)
    ctx.session.execute(
        delete(PriceBreak).where(
            PriceBreak.product_id == product_id,
            PriceBreak.segment_id.is_(None) if segment_id is None
            else PriceBreak.segment_id == segment_id,
        )
    )
    for quantity, price in sorted(cleaned.items()):
        ctx.session.add(PriceBreak(product_id=product_id, segment_id=segment_id,
                                   min_quantity=quantity, unit_price=price))
    ctx.session.flush()
    record(ctx, "tiered_pricing.prices_set", "product", product_id,
           {"segment": segment_id, "breaks": {str(q): str(p) for q, p in cleaned.items()}})
    return sorted(cleaned.items())


def price_rows(ctx: Context, product_id: int) -> list[PriceRow]:
    """A product's grid as rows: base breaks first, then per segment in the segments' order."""
    grid = breaks_of(ctx, product_id)
    rows = [PriceRow("", q, p) for q, p in grid.get(None, [])]
    for segment in list_segments(ctx):
        rows.extend(PriceRow(segment.name, q, p) for q, p in grid.get(segment.id, []))
    return rows


def proposed_price(
    ctx: Context, product_id: int, customer_id: int | None, quantity: Decimal
) -> Decimal | None:
    """The unit price for a customer buying a quantity of a product, or None (no tier)."""
    grid = breaks_of(ctx, product_id)
    if not grid:
        return None
    segment = customer_segment(ctx, customer_id) if customer_id is not None else None
    if segment is not None:
        price = flat_price(grid.get(segment.id, ()), quantity)
        if price is not None:
            return price
    return flat_price(grid.get(None, ()), quantity)
