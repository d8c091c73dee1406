"""Creating and changing documents: drafts, header changes, payments, what a document shows.

Posting lives in `core.documents.posting`, line editing in `core.documents.lines`, credit
notes in `core.documents.credit`, conversions in `core.documents.convert`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.contacts.models import Contact
from core.documents import delivery, discounts, persist, settings, vat
from core.documents.build import transient
from core.documents.discounts import totals_of
from core.documents.errors import DocumentError
from core.documents.kinds import get_kind, kind_of
from core.documents.lines import (
    LineData,
    _as_data,
    _default_rate,
    ask_price,
    compute_line,
    new_line,
    refresh,
)
from core.documents.loaded import PRODUCTS, announcing, keeping_loaded
from core.documents.models import Document, DocumentState
from core.documents.records import document_record
from core.documents.state import load, require_draft
from core.documents.totals import VatGroup
from core.i18n import LANGUAGES, N_, _

if TYPE_CHECKING:
    from core.context import Context

ZERO = Decimal("0.00")

MSG_NO_CUSTOMER = N_("Customer %(id)s does not exist.")
MSG_BAD_LANGUAGE = N_("Documents are written in nl, fr, en or de, not %(language)s.")
MSG_BAD_TERM = N_("A payment term is a number of days, 0 or more.")
MSG_NOT_PAYABLE = N_("Only a posted document that asks payment can receive a payment.")
MSG_UNKNOWN_HEADER = N_("Unknown document field: %(field)s.")
MSG_BAD_DATE = N_("%(value)s is not a date.")


def customer_of(ctx: Context, customer: Contact | int) -> Contact:
    """The tenant's contact, given itself or its id; a clear error when it does not exist."""
    if isinstance(customer, Contact):
        return customer
    found = ctx.session.get(Contact, customer)
    if found is None:
        raise DocumentError(_(MSG_NO_CUSTOMER) % {"id": customer})
    return found


def _language(value: str | None, fallback: str) -> str:
    language = (value or fallback or "nl").lower()
    if language not in LANGUAGES:
        raise DocumentError(_(MSG_BAD_LANGUAGE) % {"language": value})
    return language


def _term(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise DocumentError(_(MSG_BAD_TERM)) from None
    if days < 0:
        raise DocumentError(_(MSG_BAD_TERM))
    return days


def due_date(issue_date: date, term_days: int | None) -> date | None:
    """The date payment is due: the issue date plus the payment term."""
    return None if term_days is None else issue_date + timedelta(days=term_days)


def new_draft(
    ctx: Context,
    kind: str,
    customer: Contact | int,
    *,
    issue_date: date | None = None,
    language: str | None = None,
    vat_regime: str | None = None,
    vat_exemption_article: str | None = None,
    currency: str = "EUR",
    payment_term_days: int | None = None,
    notes: str = "",
    attention: str = "",
    contact_person_id: int | None = None,
    custom_data: dict[str, Any] | None = None,
    credited_document_id: int | None = None,
    delivery_date: date | None = None,
    delivery_end: date | None = None,
    delivery_country: str | None = None,
) -> Document:
    """A new draft, not yet stored (no lines, no hooks called): see `save_new`."""
    delivery_date, delivery_end = delivery.checked(delivery_date, delivery_end)
    chosen = get_kind(ctx, kind)
    contact = persist.contact_row(ctx, customer)
    if contact is None:
        raise DocumentError(_(MSG_NO_CUSTOMER) % {"id": customer})
    issued = issue_date or date.today()
    if not isinstance(issued, date):
        raise DocumentError(_(MSG_BAD_DATE) % {"value": issued})
    term = None
    if chosen.payable:
        if payment_term_days is not None:
            term = _term(payment_term_days)
        elif contact["payment_term_days"] is not None:
            term = _term(contact["payment_term_days"])
        else:
            term = _term(settings.value(ctx, settings.PAYMENT_TERM_DAYS))
    return transient(Document, dict(
        tenant_id=ctx.tenant_id,
        kind=chosen.id,
        state=DocumentState.DRAFT,
        number=None,
        customer_id=contact["id"],
        contact_person_id=contact_person_id,
        attention=attention,
        issue_date=issued,
        payment_term_days=term,
        due_date=due_date(issued, term),
        delivery_date=delivery_date,
        delivery_end=delivery_end,
        delivery_country=delivery.checked_country(delivery_country),
        vat_regime=vat.regime(
            vat_regime or contact["vat_regime"] or settings.value(ctx, settings.DEFAULT_VAT_REGIME)
        ).id,
        vat_exemption_article=vat_exemption_article,
        language=_language(language, contact["language"]),
        currency=currency,
        structured_ref=None,
        total_excl_vat=ZERO,
        total_vat=ZERO,
        total_incl_vat=ZERO,
        amount_paid=ZERO,
        amount_credited=ZERO,
        party={},
        notes=notes,
        internal_note="",
        custom_data=dict(custom_data or {}),
        credited_document_id=credited_document_id,
        posted_at=None,
        sent_at=None,
    ))


def save_new(ctx: Context, doc: Document) -> Document:
    """Store a new document built by `new_draft` with its lines; it becomes persistent."""
    persist.insert_document(ctx, doc)
    if doc.allowances:
        ctx.session.flush()  # its discounts are stored (and get their ids) with it
    return doc


def create_document(
    ctx: Context,
    kind: str,
    customer: Contact | int,
    *,
    lines: Iterable[LineData | Mapping[str, Any]] = (),
    **header: Any,
) -> Document:
    """A new draft of a kind for a customer, with its lines priced and its totals computed.

    `header` takes the fields of `new_draft` (issue_date, language, vat_regime, currency,
    payment_term_days, notes, attention, ...); the VAT regime, language and payment term
    default to the customer's, then the tenant's.
    """
    return save_new(ctx, build_document(ctx, kind, customer, lines=lines, **header))


def build_document(
    ctx: Context,
    kind: str,
    customer: Contact | int,
    *,
    lines: Iterable[LineData | Mapping[str, Any]] = (),
    **header: Any,
) -> Document:
    """What `create_document` stores, not yet stored: the draft with its lines priced (the
    line hooks and `document_extra_lines` called) and its totals computed."""
    doc = new_draft(ctx, kind, customer, **header)
    customer_row = persist.contact_row(ctx, doc.customer_id)
    if customer_row is not None:
        discounts.apply_customer(doc, customer_row, payable=get_kind(ctx, kind).payable)
    items = [_as_data(item, {}) for item in lines]
    added = []
    # the line hooks read each product once, all of them in one go
    with keeping_loaded(ctx.session), announcing(
        ctx.session, PRODUCTS, (item.product_id for item in items)
    ):
        # one read model of the draft per pass over its lines (its header does not change)
        record = document_record(doc)
        for item in items:
            line = new_line(ctx, doc, item, record)
            doc.lines.append(line)
            added.append(line)
        record = document_record(doc)
        for line in added:
            ask_price(ctx, doc, line, record)
        refresh(ctx, doc)
    return doc


HEADER_FIELDS = frozenset(
    {
        "customer", "issue_date", "language", "vat_regime", "vat_exemption_article",
        "currency", "payment_term_days", "notes", "attention", "contact_person_id",
        "custom_data", "internal_note", "delivery_date", "delivery_end",
        "delivery_country",
    }
)


def update_document(ctx: Context, document: Document | int, **changes: Any) -> Document:
    """Change the header of a draft (customer, dates, regime, language, notes, ...)."""
    doc = require_draft(load(ctx, document))
    unknown = set(changes) - HEADER_FIELDS
    if unknown:
        raise DocumentError(_(MSG_UNKNOWN_HEADER) % {"field": ", ".join(sorted(unknown))})
    if "customer" in changes:
        customer = customer_of(ctx, changes.pop("customer"))
        if customer.id != doc.customer_id:
            doc.customer_id = customer.id
            discounts.apply_customer(
                doc, persist.contact_row(ctx, customer), payable=kind_of(ctx, doc.kind).payable
            )
    if "language" in changes:
        doc.language = _language(changes.pop("language"), doc.language)
    if "payment_term_days" in changes:
        value = changes.pop("payment_term_days")
        doc.payment_term_days = None if value is None else _term(value)
    if "custom_data" in changes:
        doc.custom_data = dict(changes.pop("custom_data") or {})
    regime_changed = False
    if "vat_regime" in changes:
        new_regime = vat.regime(changes.pop("vat_regime")).id
        regime_changed = new_regime != doc.vat_regime
        doc.vat_regime = new_regime
    if "issue_date" in changes and not isinstance(changes["issue_date"], date):
        raise DocumentError(_(MSG_BAD_DATE) % {"value": changes["issue_date"]})
    if {"delivery_date", "delivery_end"} & changes.keys():
        changes["delivery_date"], changes["delivery_end"] = delivery.checked(
            changes.get("delivery_date", doc.delivery_date),
            changes.get("delivery_end", doc.delivery_end),
        )
    if "delivery_country" in changes:
        changes["delivery_country"] = delivery.checked_country(changes["delivery_country"])
    for name, value in changes.items():
        setattr(doc, name, value)
    doc.due_date = due_date(doc.issue_date, doc.payment_term_days)
    if regime_changed:
        _apply_regime(ctx, doc)
    refresh(ctx, doc)
    return doc


def _apply_regime(ctx: Context, doc: Document) -> None:
    charges = vat.regime(doc.vat_regime).charges_vat
    for line in doc.lines:
        if line.is_priced and charges and line.vat_category in vat.ZERO_CATEGORIES - {"Z"}:
            line.vat_rate = _default_rate(ctx, doc)
        compute_line(doc, line)


def delete_draft(ctx: Context, document: Document | int) -> None:
    """Delete a draft; a posted document is never deleted."""
    doc = require_draft(load(ctx, document))
    ctx.session.delete(doc)
    ctx.session.flush()


def apply_payment(ctx: Context, document: Document | int, amount: Decimal) -> Document:
    """Book an amount paid on a posted document that takes payment (an invoice, a cash
    receipt: `DocumentKind.takes_payment`), and update its state."""
    doc = load(ctx, document)
    if doc.state == DocumentState.DRAFT or not kind_of(ctx, doc.kind).takes_payment:
        raise DocumentError(_(MSG_NOT_PAYABLE))
    doc.amount_paid = doc.amount_paid + Decimal(amount)
    settle_state(doc)
    return doc


def settle_state(doc: Document) -> None:
    """posted / partially_paid / paid from the amounts; a credited document stays credited."""
    if doc.state in (DocumentState.DRAFT, DocumentState.CREDITED):
        return
    if doc.open_amount <= 0:
        doc.state = DocumentState.PAID if doc.amount_paid > 0 else DocumentState.CREDITED
    elif doc.amount_paid > 0:
        doc.state = DocumentState.PARTIALLY_PAID
    else:
        doc.state = DocumentState.POSTED


def breakdown(doc: Document) -> tuple[VatGroup, ...]:
    """The document's VAT breakdown per category and rate (after its discounts)."""
    return totals_of(doc).breakdown


def legal_mentions(ctx: Context, doc: Document) -> list[str]:
    """The legal sentences the document must show for its VAT regime, in its language."""
    reference = settings.get_setting(ctx.session, settings.REVERSE_CHARGE_REFERENCE)
    mentions = vat.legal_mentions(
        doc.vat_regime,
        doc.language,
        article=doc.vat_exemption_article,
        legal_reference=bool(reference),
    )
    if any(vat.is_outside_base(line.vat_category) for line in doc.lines if line.is_priced):
        mentions.append(vat.outside_base_mention(doc.language))
    return mentions
