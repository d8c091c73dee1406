"""Editing the lines of a draft: add, update, remove, move; prices and addon lines.

After every change the runtime asks the active addons for their extra lines
(`document_extra_lines`), puts each addon's new lines in place of its previous ones, numbers
the lines again and recomputes the totals. A product line whose price the user did not type
gets its price from the `line_price` hook when it is added or its quantity changes; what it
leaves empty of description, unit and VAT rate comes from `line_product_defaults`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.addons.dispatch import per_addon
from core.contract.contributions import ExtraLine
from core.documents import settings, vat
from core.documents.build import assign, transient
from core.documents.discounts import compute_totals
from core.documents.errors import DocumentError
from core.documents.loaded import keeping_loaded
from core.documents.models import Document, DocumentLine, LineType
from core.documents.records import document_record, line_record
from core.documents.state import load, require_draft
from core.documents.totals import line_net
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.context import Context
    from core.contract.records import DocumentRecord

ZERO = Decimal("0")
ONE = Decimal("1")

MSG_BAD_TYPE = N_("Unknown line type: %(type)s.")
MSG_BAD_NUMBER = N_("%(field)s must be a number, not %(value)s.")
MSG_TOO_LARGE = N_("%(field)s is too large: the most a line takes is %(limit)s.")
MAX_LINE_NUMBER = Decimal("1000000000")  # every amount column holds it, and a line's net too
MAX_LINE_NET = Decimal("1000000000000")  # what the amount columns (14 digits, 2 decimals) hold
MSG_BAD_DISCOUNT = N_("A discount must lie between 0 and 100 %%.")
MSG_NOT_HERE = N_("This line does not belong to this document.")
MSG_ADDON_LINE = N_("This line is managed by the app %(addon)s and cannot be changed by hand.")
MSG_UNKNOWN_FIELD = N_("Unknown line field: %(field)s.")


@dataclass
class LineData:
    """What a user enters for a line. `unit_price=None` on a product line: not typed, so
    proposed by the `line_price` hook; `vat_rate=None`: the regime's default rate;
    `position=None`: at the end (positions count from 1)."""

    line_type: str = LineType.FREE
    description: str = ""
    quantity: Decimal | int | str = ONE
    unit: str = ""
    unit_price: Decimal | int | str | None = None
    discount_percent: Decimal | int | str = ZERO
    vat_rate: Decimal | int | str | None = None
    product_id: int | None = None
    group: str | None = None
    position: int | None = None


def _decimal(value: Any, name: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise DocumentError(_(MSG_BAD_NUMBER) % {"field": name, "value": value})
    if abs(number) >= MAX_LINE_NUMBER:
        raise DocumentError(_(MSG_TOO_LARGE) % {"field": name, "limit": MAX_LINE_NUMBER})
    return number


def _discount(value: Any) -> Decimal:
    discount = _decimal(value, "discount_percent")
    if not ZERO <= discount <= Decimal(100):
        raise DocumentError(_(MSG_BAD_DISCOUNT))
    return discount


def _line_type(value: str) -> str:
    if value not in LineType.ALL:
        raise DocumentError(_(MSG_BAD_TYPE) % {"type": value})
    return value


def _default_rate(ctx: Context, doc: Document) -> Decimal:
    tenant_rate = Decimal(str(settings.value(ctx, settings.DEFAULT_VAT_RATE)))
    return vat.default_rate(doc.vat_regime, tenant_rate)


LINE_DEFAULTS: dict[str, Any] = {
    "position": 0,
    "line_type": LineType.FREE,
    "product_id": None,
    "description": "",
    "quantity": ONE,
    "unit": "",
    "unit_price": ZERO,
    "discount_percent": ZERO,
    "vat_rate": ZERO,
    "vat_category": "S",
    "net_amount": ZERO,
    "price_typed": False,
    "addon_id": None,
    "group": None,
    "source_line_id": None,
}


def make_line(doc: Document, **fields: Any) -> DocumentLine:
    """A line of the document's tenant with every field set (defaults for those not given)."""
    return transient(DocumentLine, {**LINE_DEFAULTS, "tenant_id": doc.tenant_id, **fields})


UNPRICED: dict[str, Any] = {
    "quantity": ZERO, "unit_price": ZERO, "discount_percent": ZERO, "vat_rate": ZERO,
    "vat_category": "S", "net_amount": ZERO,
}


def compute_line(doc: Document, line: DocumentLine, category: str | None = None) -> None:
    """Set a line's VAT category (from the document's regime) and its net amount."""
    if not line.is_priced:
        assign(line, UNPRICED)
        return
    rate, derived = vat.line_vat(doc.vat_regime, line.vat_rate)
    regime = vat.regime(doc.vat_regime)
    chosen = vat.check_category(category) if category and regime.charges_vat else derived
    net = line_net(line.quantity, line.unit_price, line.discount_percent)
    if abs(net) >= MAX_LINE_NET:
        raise DocumentError(_(MSG_TOO_LARGE) % {"field": "net_amount", "limit": MAX_LINE_NET})
    assign(line, {
        "vat_rate": ZERO if chosen in vat.ZERO_CATEGORIES else rate,
        "vat_category": chosen,
        "net_amount": net,
    })


def new_line(
    ctx: Context, doc: Document, data: LineData, record: DocumentRecord | None = None
) -> DocumentLine:
    """A line built from user data (not yet placed in the document); `record` is the
    document's read model for the line hooks when the caller has one for several lines."""
    line_type = _line_type(data.line_type)
    typed = data.unit_price is not None
    line = make_line(
        doc,
        line_type=line_type,
        description=data.description or "",
        quantity=_decimal(data.quantity, "quantity"),
        unit=data.unit or "",
        unit_price=_decimal(data.unit_price, "unit_price") if typed else ZERO,
        discount_percent=_discount(data.discount_percent),
        vat_rate=(
            _decimal(data.vat_rate, "vat_rate")
            if data.vat_rate is not None
            else _default_rate(ctx, doc)
        ),
        product_id=data.product_id,
        price_typed=typed,
        group=data.group,
    )
    if line_type == LineType.PRODUCT and data.product_id is not None:
        product_defaults(ctx, doc, line, data, record)
    compute_line(doc, line)
    return line


def product_defaults(
    ctx: Context, doc: Document, line: DocumentLine, data: LineData,
    record: DocumentRecord | None = None,
) -> None:
    """Fill what the user left empty on a product line from the `line_product_defaults` hook."""
    found = ctx.call("line_product_defaults", document=record or document_record(doc),
                     line=line_record(line))
    if not found:
        return
    changes: dict[str, Any] = {}
    if not data.description and found.get("description"):
        changes["description"] = str(found["description"])
    if not data.unit and found.get("unit"):
        changes["unit"] = str(found["unit"])
    if data.vat_rate is None and found.get("vat_rate") is not None:
        changes["vat_rate"] = _decimal(found["vat_rate"], "vat_rate")
    assign(line, changes)


def ask_price(
    ctx: Context, doc: Document, line: DocumentLine, record: DocumentRecord | None = None
) -> None:
    """Let the `line_price` hook propose the unit price of a product line not typed by hand
    (`record`: the document's read model, when the caller has one for several lines)."""
    if line.line_type != LineType.PRODUCT or line.price_typed:
        return
    price = ctx.call("line_price", document=record or document_record(doc),
                     line=line_record(line))
    if price is not None:
        assign(line, {"unit_price": _decimal(price, "unit_price")})
        compute_line(doc, line)


def price_changes(ctx: Context, document: Document | int) -> list[tuple[DocumentLine, Decimal]]:
    """The product lines of a draft whose price an app proposed and would now propose
    differently (e.g. after a change of customer), with the new unit price; prices typed by
    hand are never in it."""
    doc = require_draft(load(ctx, document))
    found = []
    record = document_record(doc)
    for line, seen in zip(doc.lines, record.lines, strict=True):
        if line.line_type != LineType.PRODUCT or line.price_typed or line.addon_id is not None:
            continue
        price = ctx.call("line_price", document=record, line=seen)
        if price is not None and _decimal(price, "unit_price") != line.unit_price:
            found.append((line, _decimal(price, "unit_price")))
    return found


def reprice(ctx: Context, document: Document | int) -> int:
    """Give the lines of `price_changes` their new price and refresh the draft; how many."""
    doc = require_draft(load(ctx, document))
    changes = price_changes(ctx, doc)
    for line, price in changes:
        assign(line, {"unit_price": price})
        compute_line(doc, line)
    if changes:
        refresh(ctx, doc)
    return len(changes)


def _as_data(data: LineData | Mapping[str, Any] | None, values: Mapping[str, Any]) -> LineData:
    if isinstance(data, LineData):
        return data
    merged = {**(data or {}), **values}
    known = {f.name for f in fields(LineData)}
    unknown = set(merged) - known
    if unknown:
        raise DocumentError(_(MSG_UNKNOWN_FIELD) % {"field": ", ".join(sorted(unknown))})
    return LineData(**merged)


def place(doc: Document, line: DocumentLine, position: int | None) -> None:
    """Put a line at a position (from 1) among the document's lines, or at the end."""
    lines = list(doc.lines)
    index = len(lines) if position is None else max(0, min(position - 1, len(lines)))
    lines.insert(index, line)
    doc.lines = lines
    renumber(doc)


def renumber(doc: Document) -> None:
    """Positions 1..n in the current order."""
    for index, line in enumerate(doc.lines, start=1):
        if line.position != index:
            assign(line, {"position": index})


def add_line(
    ctx: Context,
    document: Document | int,
    data: LineData | Mapping[str, Any] | None = None,
    **values: Any,
) -> DocumentLine:
    """Add a line to a draft (a `LineData`, a mapping or keyword values) and refresh it."""
    doc = require_draft(load(ctx, document))
    chosen = _as_data(data, values)
    with keeping_loaded(ctx.session):  # the line hooks read the product once
        line = new_line(ctx, doc, chosen)
        place(doc, line, chosen.position)
        ask_price(ctx, doc, line)
        refresh(ctx, doc)
    return line


def _own_line(ctx: Context, doc: Document, line: DocumentLine | int) -> DocumentLine:
    if isinstance(line, DocumentLine):
        found = next((item for item in doc.lines if item is line), None)
    else:
        found = next((item for item in doc.lines if item.id == line), None)
    if found is None:
        raise DocumentError(_(MSG_NOT_HERE))
    if found.addon_id is not None:
        raise DocumentError(_(MSG_ADDON_LINE) % {"addon": found.addon_id})
    return found


def update_line(
    ctx: Context, document: Document | int, line: DocumentLine | int, **changes: Any
) -> DocumentLine:
    """Change fields of a line of a draft; a typed price stays, a changed quantity re-prices."""
    doc = require_draft(load(ctx, document))
    found = _own_line(ctx, doc, line)
    known = {f.name for f in fields(LineData)} - {"position"}
    unknown = set(changes) - known
    if unknown:
        raise DocumentError(_(MSG_UNKNOWN_FIELD) % {"field": ", ".join(sorted(unknown))})
    quantity_changed = False
    for name, value in changes.items():
        if name == "line_type":
            found.line_type = _line_type(value)
        elif name == "quantity":
            new = _decimal(value, name)
            quantity_changed = new != found.quantity
            found.quantity = new
        elif name == "unit_price":
            found.price_typed = value is not None
            if value is not None:
                found.unit_price = _decimal(value, name)
        elif name == "discount_percent":
            found.discount_percent = _discount(value)
        elif name == "vat_rate":
            found.vat_rate = _decimal(value, name) if value is not None else _default_rate(ctx, doc)
        else:
            setattr(found, name, value)
    compute_line(doc, found)
    if quantity_changed or ("unit_price" in changes and changes["unit_price"] is None):
        ask_price(ctx, doc, found)
    refresh(ctx, doc)
    return found


def remove_line(ctx: Context, document: Document | int, line: DocumentLine | int) -> None:
    """Remove a line from a draft."""
    doc = require_draft(load(ctx, document))
    found = _own_line(ctx, doc, line)
    doc.lines = [item for item in doc.lines if item is not found]
    renumber(doc)
    refresh(ctx, doc)


def move_line(
    ctx: Context, document: Document | int, line: DocumentLine | int, position: int
) -> DocumentLine:
    """Move a line of a draft to a position (from 1)."""
    doc = require_draft(load(ctx, document))
    found = _own_line(ctx, doc, line)
    doc.lines = [item for item in doc.lines if item is not found]
    place(doc, found, position)
    refresh(ctx, doc)
    return found


# --- Refreshing: addon lines, positions, totals ------------------------------------------------


def _extra_to_line(
    ctx: Context, doc: Document, addon_id: str, extra: ExtraLine
) -> DocumentLine:
    if not isinstance(extra, ExtraLine):
        raise DocumentError(f"app {addon_id!r}: document_extra_lines returned {extra!r}")
    if extra.vat_rate is not None:
        rate = _decimal(extra.vat_rate, "vat_rate")
    elif extra.follows is not None and extra.follows.line_type in LineType.PRICED:
        rate = extra.follows.vat_rate
    else:
        rate = _default_rate(ctx, doc)
    line = make_line(
        doc,
        line_type=_line_type(extra.line_type),
        description=extra.description,
        quantity=_decimal(extra.quantity, "quantity"),
        unit=extra.unit,
        unit_price=_decimal(extra.unit_price, "unit_price"),
        discount_percent=_discount(extra.discount_percent),
        vat_rate=rate,
        product_id=extra.product_id,
        price_typed=True,
        addon_id=addon_id,
        group=extra.group or addon_id,
    )
    compute_line(doc, line, extra.vat_category)
    return line


def replace_extra_lines(ctx: Context, doc: Document) -> None:
    """Ask every active addon for its extra lines and put them in place of its earlier ones."""
    caller = ctx.hooks.hook.document_extra_lines
    implementers = {impl.plugin_name for impl in caller.get_hookimpls()}
    if not implementers:
        return
    record = document_record(doc)
    stored = {id(seen): line for seen, line in zip(record.lines, doc.lines, strict=True)}
    answers = list(per_addon(ctx.hooks, "document_extra_lines", ctx=ctx, document=record))
    kept = [line for line in doc.lines if line.addon_id not in implementers]
    after: dict[int, list[DocumentLine]] = {}
    tail: list[DocumentLine] = []
    for addon_id, extras in answers:
        for extra in extras or ():
            line = _extra_to_line(ctx, doc, addon_id, extra)
            anchor = stored.get(id(extra.follows))
            if anchor is not None and any(anchor is item for item in kept):
                after.setdefault(id(anchor), []).append(line)
            else:
                tail.append(line)
    ordered: list[DocumentLine] = []
    for line in kept:
        ordered.append(line)
        ordered.extend(after.get(id(line), ()))
    doc.lines = ordered + tail


def refresh(ctx: Context, doc: Document, *, extra: bool = True) -> None:
    """After a change: addon lines (unless `extra=False`), positions and totals."""
    if extra:
        replace_extra_lines(ctx, doc)
    renumber(doc)
    compute_totals(doc)
