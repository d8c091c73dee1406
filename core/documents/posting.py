"""Posting a draft: checks, a gapless number, the structured communication, the frozen party.

Everything happens in the caller's transaction, inside a savepoint: if a check fails, a hook
raises or the database refuses, the number goes back with the rest and the document stays a
draft. On SQLite open the unit of work with `app.tenant_context(..., write=True)` (or call
`app.db.write_lock(session)` before reading anything) so that concurrent posters queue.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from stdnum.eu import vat as eu_vat

from core.db.base import utcnow
from core.documents import ogm, settings, vat
from core.documents.errors import ValidationFailed
from core.documents.kinds import DocumentKind, get_kind
from core.documents.lines import compute_totals
from core.documents.models import Document, DocumentState
from core.documents.service import customer_of, due_date
from core.documents.state import load, require_draft
from core.i18n import N_, _
from core.numbering.service import take_number

if TYPE_CHECKING:
    from core.contacts.models import Contact
    from core.context import Context

MSG_NO_LINES = N_("A document without lines cannot be posted.")
MSG_NEGATIVE = N_("An invoice cannot have a negative total; make a credit note instead.")
MSG_CUSTOMER_VAT = N_("The customer's VAT number is required under this VAT regime.")
MSG_CUSTOMER_VAT_BAD = N_("The customer's VAT number %(vat)s is not valid.")
MSG_SELLER_VAT = N_("Your company's VAT number is required under this VAT regime.")
MSG_CHRONOLOGY = N_(
    "The date %(date)s lies before the last posted document of this kind (%(last)s); "
    "documents are numbered in date order."
)


def _rule_reasons(ctx: Context, doc: Document, kind: DocumentKind, customer: Contact) -> list[str]:
    reasons: list[str] = []
    if not any(line.is_priced for line in doc.lines):
        reasons.append(_(MSG_NO_LINES))
    if kind.vat_sale and not kind.is_credit and doc.total_incl_vat < 0:
        reasons.append(_(MSG_NEGATIVE))
    regime = vat.regime(doc.vat_regime)
    if regime.needs_customer_vat:
        if not customer.vat_number:
            reasons.append(_(MSG_CUSTOMER_VAT))
        elif not eu_vat.is_valid(customer.vat_number):
            reasons.append(_(MSG_CUSTOMER_VAT_BAD) % {"vat": customer.vat_number})
    if regime.needs_seller_vat and not settings.get_setting(
        ctx.session, settings.SELLER_VAT_NUMBER
    ):
        reasons.append(_(MSG_SELLER_VAT))
    if kind.is_credit and doc.credited_document_id is not None:
        from core.documents.credit import credit_reasons

        reasons.extend(credit_reasons(ctx, doc))
    return reasons


def _hook_reasons(ctx: Context, doc: Document) -> list[str]:
    reasons: list[str] = []
    for answer in ctx.call("document_validate", document=doc) or ():
        reasons.extend(str(reason) for reason in answer or ())
    return reasons


def _check_chronology(ctx: Context, doc: Document) -> None:
    last: date | None = ctx.session.scalar(
        select(func.max(Document.issue_date)).where(
            Document.kind == doc.kind,
            Document.state != DocumentState.DRAFT,
            Document.id != doc.id,
        )
    )
    if last is not None and doc.issue_date < last:
        raise ValidationFailed(
            [_(MSG_CHRONOLOGY) % {"date": doc.issue_date.isoformat(), "last": last.isoformat()}]
        )


def _ref_taken(ctx: Context, ref: str) -> bool:
    return ctx.session.scalar(select(Document.id).where(Document.structured_ref == ref)) is not None


def structured_ref_for(ctx: Context, doc: Document) -> str:
    """A structured communication free in the tenant: from the number, else another one."""
    candidates = [ogm.from_number(doc.number or "")]
    candidates.append(ogm.make(f"9{doc.id:09d}"[-10:]))
    for candidate in candidates:
        if not _ref_taken(ctx, candidate):
            return candidate
    while True:
        candidate = ogm.make(f"{secrets.randbelow(10**10):010d}")
        if not _ref_taken(ctx, candidate):
            return candidate


def party_snapshot(ctx: Context, doc: Document, customer: Contact) -> dict[str, Any]:
    """The customer's details as printed on the document, frozen at posting."""
    return {
        "customer_id": customer.id,
        "name": customer.name,
        "vat_number": customer.vat_number,
        "street": customer.street,
        "postal_code": customer.postal_code,
        "city": customer.city,
        "country": customer.country,
        "email": customer.email,
        "attention": doc.attention,
        "contact_person_id": doc.contact_person_id,
        "seller_vat_number": settings.get_setting(ctx.session, settings.SELLER_VAT_NUMBER),
    }


def post_document(ctx: Context, document: Document | int) -> Document:
    """Post a draft: validate it, number it, freeze it; all or nothing.

    Raises `ValidationFailed` (with every reason, the addons' `document_validate` ones
    included), `DocumentLocked` for a document already posted, `HookError` when an addon's
    hook fails; in every case nothing is kept and no number is used.
    """
    ctx.app.db.write_lock(ctx.session)
    doc = require_draft(load(ctx, document))
    kind = get_kind(ctx, doc.kind)
    with ctx.session.begin_nested():
        _post(ctx, doc, kind)
    return doc


def _post(ctx: Context, doc: Document, kind: DocumentKind) -> None:
    customer = customer_of(ctx, doc.customer_id)
    compute_totals(doc)
    reasons = _rule_reasons(ctx, doc, kind, customer) + _hook_reasons(ctx, doc)
    if reasons:
        raise ValidationFailed(reasons)
    number, _value = take_number(
        ctx.session,
        kind.sequence_key,
        doc.issue_date,
        pattern_for=lambda sequence: ctx.call("number_pattern", sequence=sequence),
    )
    _check_chronology(ctx, doc)
    doc.number = number
    if kind.payable:
        doc.due_date = due_date(doc.issue_date, doc.payment_term_days)
        doc.structured_ref = structured_ref_for(ctx, doc)
    doc.party = party_snapshot(ctx, doc, customer)
    doc.amount_paid = doc.amount_paid or Decimal("0.00")
    doc.state = DocumentState.POSTED
    doc.posted_at = utcnow()
    ctx.session.flush()
    if kind.is_credit and doc.credited_document_id is not None:
        from core.documents.credit import apply_credit

        apply_credit(ctx, doc)
    ctx.call("document_posted", document=doc)
    ctx.session.flush()
