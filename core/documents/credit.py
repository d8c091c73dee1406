"""Credit notes: from a posted invoice, for all of it or for chosen lines and quantities.

A credit note has its own numbering series, points to the invoice (`credited_document_id`
and a `credit` link), and once posted reduces the invoice's open amount; when every line of
the invoice is credited in full, the invoice is marked credited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core.documents.discounts import copy_allowances
from core.documents.errors import DocumentError
from core.documents.kinds import kind_of
from core.documents.lines import _decimal, compute_line, make_line, refresh
from core.documents.models import Document, DocumentLine, DocumentLink, DocumentState
from core.documents.service import new_draft, save_new, settle_state
from core.documents.state import load
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.context import Context

CREDIT_KIND = "credit_note"
CREDIT_LINK = "credit"

MSG_NOT_CREDITABLE = N_("Only a posted invoice can be credited.")
MSG_FULLY_CREDITED = N_("This invoice is already credited in full.")
MSG_BAD_LINE = N_("Line %(line)s is not a line with an amount on this invoice.")
MSG_TOO_MUCH = N_(
    "Line %(position)s: at most %(left)s can still be credited, not %(quantity)s."
)
MSG_NOTHING = N_("Choose at least one line and a quantity above zero to credit.")


def credited_quantities(
    ctx: Context, invoice_id: int, *, exclude: int | None = None
) -> dict[int, Decimal]:
    """Quantity credited per invoice line by the posted credit notes of the invoice."""
    query = (
        select(DocumentLine.source_line_id, func.sum(DocumentLine.quantity))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            Document.credited_document_id == invoice_id,
            Document.state != DocumentState.DRAFT,
            DocumentLine.source_line_id.is_not(None),
        )
        .group_by(DocumentLine.source_line_id)
    )
    if exclude is not None:
        query = query.where(Document.id != exclude)
    return {line_id: Decimal(total) for line_id, total in ctx.session.execute(query)}


def _within(quantity: Decimal, left: Decimal) -> bool:
    """Whether a quantity (of the same sign as what is left, negative lines included) fits."""
    if left < 0:
        quantity, left = -quantity, -left
    return 0 < quantity <= left


def _creditable(ctx: Context, invoice: Document) -> None:
    kind = kind_of(ctx, invoice.kind)
    if invoice.state == DocumentState.DRAFT or not kind.vat_sale or kind.is_credit:
        raise DocumentError(_(MSG_NOT_CREDITABLE))
    if invoice.state == DocumentState.CREDITED:
        raise DocumentError(_(MSG_FULLY_CREDITED))


def _chosen(
    ctx: Context, invoice: Document, quantities: Mapping[int, object] | None
) -> list[tuple[DocumentLine, Decimal]]:
    done = credited_quantities(ctx, invoice.id)
    priced = {line.id: line for line in invoice.lines if line.is_priced}
    if quantities is None:
        wanted: Iterable[tuple[int, Decimal]] = (
            (line.id, line.quantity - done.get(line.id, Decimal(0))) for line in priced.values()
        )
        chosen = [(priced[i], q) for i, q in wanted if q != 0]
        if not chosen:
            raise DocumentError(_(MSG_FULLY_CREDITED))
        return chosen
    chosen = []
    for line_id, raw in quantities.items():
        line = priced.get(line_id)
        if line is None:
            raise DocumentError(_(MSG_BAD_LINE) % {"line": line_id})
        quantity = _decimal(raw, "quantity")
        left = line.quantity - done.get(line.id, Decimal(0))
        if not _within(quantity, left):
            raise DocumentError(
                _(MSG_TOO_MUCH)
                % {"position": line.position, "left": left.normalize(), "quantity": raw}
            )
        chosen.append((line, quantity))
    if not chosen:
        raise DocumentError(_(MSG_NOTHING))
    return sorted(chosen, key=lambda pair: pair[0].position)


def draft_like(ctx: Context, source: Document, kind: str, issue_date: date | None,
               **header: Any) -> Document:
    """A new draft of `kind` for the source's customer, in its language, VAT regime,
    currency, attention, contact person and notes; `header` overrides or adds fields."""
    values: dict[str, Any] = {
        "issue_date": issue_date, "language": source.language,
        "vat_regime": source.vat_regime,
        "vat_exemption_article": source.vat_exemption_article, "currency": source.currency,
        "attention": source.attention, "contact_person_id": source.contact_person_id,
        "notes": source.notes,
    }
    return new_draft(ctx, kind, source.customer_id, **{**values, **header})


def copy_line(
    target: Document, line: DocumentLine, quantity: Decimal | None = None
) -> DocumentLine:
    """A copy of a line for another document, pointing back to it."""
    return make_line(
        target,
        line_type=line.line_type,
        description=line.description,
        quantity=line.quantity if quantity is None else quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        discount_percent=line.discount_percent,
        vat_rate=line.vat_rate,
        vat_category=line.vat_category,
        net_amount=line.net_amount,
        product_id=line.product_id,
        price_typed=True,
        addon_id=line.addon_id,
        group=line.group,
        source_line_id=line.id,
    )


def _share(invoice: Document, note: Document) -> Decimal:
    """The part of the invoice's discountable line total that the credit note takes over."""
    def total(doc: Document) -> Decimal:
        return sum((line.net_amount for line in doc.lines
                    if line.is_priced and line.addon_id is None), Decimal(0))

    whole = total(invoice)
    return abs(total(note) / whole) if whole else Decimal(1)


def create_credit_note(
    ctx: Context,
    invoice: Document | int,
    quantities: Mapping[int, object] | None = None,
    *,
    issue_date: date | None = None,
    notes: str = "",
) -> Document:
    """A draft credit note for an invoice: everything still open, or {line id: quantity}."""
    source = load(ctx, invoice)
    _creditable(ctx, source)
    chosen = _chosen(ctx, source, quantities)
    note = draft_like(ctx, source, CREDIT_KIND, issue_date, notes=notes,
                      credited_document_id=source.id, delivery_date=source.delivery_date,
                      delivery_end=source.delivery_end,
                      delivery_country=source.delivery_country)
    for line, quantity in chosen:
        copied = copy_line(note, line, quantity)
        compute_line(note, copied, line.vat_category)
        note.lines.append(copied)
    copy_allowances(note, source, _share(source, note))
    refresh(ctx, note, extra=False)
    save_new(ctx, note)
    ctx.session.add(DocumentLink(source_id=source.id, target_id=note.id, link_type=CREDIT_LINK))
    ctx.session.flush()
    return note


def credit_reasons(ctx: Context, note: Document) -> list[str]:
    """Why a credit note cannot be posted: its invoice is not creditable or is over-credited."""
    invoice = ctx.session.get(Document, note.credited_document_id)
    if invoice is None or invoice.state == DocumentState.DRAFT:
        return [_(MSG_NOT_CREDITABLE)]
    done = credited_quantities(ctx, invoice.id, exclude=note.id)
    by_id = {line.id: line for line in invoice.lines}
    reasons = []
    for line in note.lines:
        source = by_id.get(line.source_line_id) if line.source_line_id else None
        if source is None or not line.is_priced:
            continue
        left = source.quantity - done.get(source.id, Decimal(0))
        if not _within(line.quantity, left):
            reasons.append(
                _(MSG_TOO_MUCH)
                % {"position": source.position, "left": left.normalize(),
                   "quantity": line.quantity.normalize()}
            )
    return reasons


def apply_credit(ctx: Context, note: Document) -> Document:
    """A posted credit note lowers its invoice's open amount; a full credit closes it."""
    invoice = ctx.session.get(Document, note.credited_document_id)
    assert invoice is not None
    invoice.amount_credited = invoice.amount_credited + note.total_incl_vat
    done = credited_quantities(ctx, invoice.id)
    fully = all(
        abs(done.get(line.id, Decimal(0))) >= abs(line.quantity)
        for line in invoice.lines
        if line.is_priced and line.quantity != 0
    )
    if fully:
        invoice.state = DocumentState.CREDITED
    else:
        settle_state(invoice)
    return invoice
