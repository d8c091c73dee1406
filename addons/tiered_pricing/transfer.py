"""Import and export of price breaks: one row per (product code, segment, from quantity).

The columns are `product_code`, `segment` (empty for the base breaks), `from_quantity` and
`unit_price`. An import replaces, for every product and segment it names, that product's
breaks for that segment; products and segments it does not name keep theirs. It uses the
generic importer of `core.importing`: mapping guessed from the headers, a preview with
per-row errors, then all rows or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from addons.products.api import Product
from addons.tiered_pricing.models import PriceBreak, Segment
from addons.tiered_pricing.service import PricingError, decimal_of, set_breaks
from addons.tiered_pricing.translation import N_, _
from core.api import Context, EntityImporter, ImportField, Progress, write_csv

HEADERS = ("product_code", "segment", "from_quantity", "unit_price")


@dataclass(frozen=True)
class BreakRow:
    """A checked row of an import."""

    product_id: int
    segment_id: int | None
    min_quantity: Decimal
    unit_price: Decimal


class PriceBreakImporter(EntityImporter):
    """Price breaks from a CSV or XLSX file."""

    entity = "price_break"

    def fields(self, ctx: Context) -> Sequence[ImportField]:
        """Product code, segment, from quantity, unit price."""
        return (
            ImportField("product_code", N_("Product code"),
                        ("code", "product", "productcode", "code produit"), required=True),
            ImportField("segment", N_("Segment"), ("price segment", "prijssegment")),
            ImportField("from_quantity", N_("From quantity"),
                        ("quantity", "vanaf aantal", "aantal", "à partir de", "quantité")),
            ImportField("unit_price", N_("Unit price"),
                        ("price", "prijs", "eenheidsprijs", "prix", "prix unitaire"),
                        required=True),
        )

    def start(self, ctx: Context) -> None:
        """Load the product codes and segment names once."""
        rows = ctx.session.execute(select(Product.code, Product.id))
        self.products = {code: product_id for code, product_id in rows}
        self.segments = {
            name.lower(): segment_id
            for segment_id, name in ctx.session.execute(select(Segment.id, Segment.name))
        }
        self.seen: set[tuple[int, int | None, Decimal]] = set()

    def check(self, ctx: Context, values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        """One row: a known product and segment, numbers, each break once per file."""
        problems: dict[str, str] = {}
        code = str(values.get("product_code") or "").strip()
        product_id = self.products.get(code)
        if product_id is None:
            problems["product_code"] = _("No product has code %(code)s.") % {"code": code}
        segment_name = str(values.get("segment") or "").strip()
        segment_id = self.segments.get(segment_name.lower()) if segment_name else None
        if segment_name and segment_id is None:
            problems["segment"] = _("No price segment is named %(name)s.") % {"name": segment_name}
        numbers: dict[str, Decimal] = {}
        for key, label, default in (("from_quantity", _("From quantity"), "1"),
                                    ("unit_price", _("Unit price"), None)):
            raw = values.get(key)
            raw = default if raw in (None, "") else raw
            try:
                numbers[key] = decimal_of(raw, label)
            except PricingError as exc:
                problems[key] = str(exc)
        if problems:
            return None, problems
        key_of_row = (product_id, segment_id, numbers["from_quantity"])
        if key_of_row in self.seen:
            return None, {"from_quantity": _("This break is in the file twice.")}
        self.seen.add(key_of_row)
        return BreakRow(product_id, segment_id, numbers["from_quantity"],
                        numbers["unit_price"]), {}

    def save(self, ctx: Context, records: list[Any], progress: Progress | None = None) -> int:
        """Replace the breaks of every (product, segment) the file names."""
        grids: dict[tuple[int, int | None], dict[Decimal, Decimal]] = {}
        for row in records:
            grids.setdefault((row.product_id, row.segment_id), {})[row.min_quantity] = (
                row.unit_price
            )
        for done, ((product_id, segment_id), breaks) in enumerate(grids.items(), start=1):
            set_breaks(ctx, product_id, segment_id, breaks)
            if progress is not None:
                progress(done, len(grids))
        return len(records)


def export_rows(ctx: Context) -> list[tuple[str, str, Decimal, Decimal]]:
    """Every break of the tenant, by product code, base first then segments in order."""
    rows = ctx.session.execute(
        select(Product.code, Segment.name, PriceBreak.min_quantity, PriceBreak.unit_price)
        .join(Product, Product.id == PriceBreak.product_id)
        .outerjoin(Segment, Segment.id == PriceBreak.segment_id)
        .order_by(Product.code, Segment.position.nulls_first(), Segment.name,
                  PriceBreak.min_quantity)
    )
    return [(code, name or "", quantity.normalize(), price.normalize())
            for code, name, quantity, price in rows]


def export_csv(ctx: Context) -> bytes:
    """The tenant's price breaks as CSV, in the columns the importer reads back."""
    return write_csv(HEADERS, export_rows(ctx))
