"""Posting a draft: checks, a gapless number, the structured communication, the frozen party.

Everything happens in the caller's transaction, inside a savepoint: if a check fails, a hook
raises or the database refuses, the number goes back with the rest and the document stays a
draft. Every unit of work begins with SQLite's write lock (see `core.db.engine`);
`app.tenant_context(..., write=True)` also queues the posters of one process behind each
other. What reaches outside the database waits for the commit: `document_posted_committed`
(`core.documents.announce`).

The statements are prepared Core statements (see `core.documents.persist`): posting is the
hot path of a batch run. For the same reason posting does not render the PDF: the PDF that
is kept for good is stored once the posting is committed, outside the write lock
(`core.output.stored.post_and_store`, or `store_posted_pdf` after the caller's commit).
"""

from __future__ import annotations

import secrets
from collections.abc import Container, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from stdnum.eu import vat as eu_vat

from core.contacts.custom_fields import printed_fields
from core.contacts.errors import NotFound
from core.contacts.models import Contact
from core.contacts.persons import attention_of
from core.db.base import utcnow
from core.documents import ogm, persist, settings, vat
from core.documents.announce import announce_after_commit
from core.documents.credit import apply_credit, credit_reasons
from core.documents.discounts import totals_of
from core.documents.errors import DocumentLocked, ValidationFailed
from core.documents.kinds import DocumentKind, get_kind
from core.documents.models import Document, DocumentState
from core.documents.records import document_record
from core.documents.service import due_date
from core.documents.state import MSG_LOCKED, load, require_draft
from core.documents.totals import Totals
from core.i18n import N_, _
from core.numbering.service import take_number

if TYPE_CHECKING:
    from core.context import Context

MSG_NO_LINES = N_("A document without lines cannot be posted.")
MSG_NEGATIVE = N_("An invoice cannot have a negative total; make a credit note instead.")
MSG_NO_CUSTOMER = N_("The customer of this document no longer exists.")
MSG_CUSTOMER_VAT = N_("The customer's VAT number is required under this VAT regime.")
MSG_CUSTOMER_VAT_BAD = N_("The customer's VAT number %(vat)s is not valid.")
MSG_SELLER_VAT = N_("Your company's VAT number is required under this VAT regime.")
MSG_CUSTOMER_VAT_HOME = N_(
    "Under this VAT regime the customer's VAT number must be one of another EU member state, "
    "not %(vat)s."
)
MSG_CHRONOLOGY = N_(
    "The date %(date)s lies before the last posted document of this kind (%(last)s); "
    "documents are numbered in date order."
)


def _rule_reasons(
    ctx: Context, doc: Document, kind: DocumentKind, customer: Mapping[str, Any]
) -> list[str]:
    reasons: list[str] = []
    if not any(line.is_priced for line in doc.lines):
        reasons.append(_(MSG_NO_LINES))
    if kind.vat_sale and not kind.is_credit and doc.total_incl_vat < 0:
        reasons.append(_(MSG_NEGATIVE))
    regime = vat.regime(doc.vat_regime)
    if regime.needs_customer_vat:
        if not customer["vat_number"]:
            reasons.append(_(MSG_CUSTOMER_VAT))
        elif not eu_vat.is_valid(customer["vat_number"]):
            reasons.append(_(MSG_CUSTOMER_VAT_BAD) % {"vat": customer["vat_number"]})
        elif regime.other_member_state and eu_vat.compact(customer["vat_number"])[:2] == "BE":
            reasons.append(_(MSG_CUSTOMER_VAT_HOME) % {"vat": customer["vat_number"]})
    if regime.needs_seller_vat and not settings.value(ctx, settings.SELLER_VAT_NUMBER):
        reasons.append(_(MSG_SELLER_VAT))
    if kind.is_credit and doc.credited_document_id is not None:
        reasons.extend(credit_reasons(ctx, doc))
    return reasons


def _hook_reasons(ctx: Context, doc: Document) -> list[str]:
    if not ctx.hooks.hook.document_validate.get_hookimpls():
        return []
    reasons: list[str] = []
    for answer in ctx.call("document_validate", document=document_record(doc)) or ():
        reasons.extend(str(reason) for reason in answer or ())
    return reasons


def structured_ref_for(
    ctx: Context, doc: Document, number: str, also_taken: Container[str] = frozenset()
) -> str:
    """A structured communication free in the tenant: from the number, else another one.

    `also_taken` holds communications given out but not yet written (a batch being posted).
    """
    candidates = [ogm.from_number(number), ogm.make(f"9{doc.id:09d}"[-10:])]
    for candidate in candidates:
        if candidate not in also_taken and not persist.ref_taken(ctx, candidate):
            return candidate
    while True:
        candidate = ogm.make(f"{secrets.randbelow(10**10):010d}")
        if candidate not in also_taken and not persist.ref_taken(ctx, candidate):
            return candidate


def party_snapshot(
    ctx: Context, doc: Document, customer: Contact | Mapping[str, Any]
) -> dict[str, Any]:
    """The customer's details as printed on the document, frozen at posting."""
    row = persist.contact_row(ctx, customer) if isinstance(customer, Contact) else customer
    assert row is not None
    snapshot = {
        "customer_id": row["id"],
        "name": row["name"],
        "vat_number": row["vat_number"],
        "street": row["street"],
        "postal_code": row["postal_code"],
        "city": row["city"],
        "country": row["country"],
        "email": row["email"],
        "attention": doc.attention,
        "contact_person_id": doc.contact_person_id,
        "seller_vat_number": settings.value(ctx, settings.SELLER_VAT_NUMBER),
        "custom_fields": [list(item) for item in printed_fields(ctx, row["id"])],
    }
    if doc.contact_person_id is not None:
        try:
            _attention, own_address = attention_of(ctx, row["id"], doc.contact_person_id)
        except NotFound:
            own_address = {}
        snapshot.update(own_address)
    return snapshot


def post_document(ctx: Context, document: Document | int) -> Document:
    """Post a draft: validate it, number it, freeze it; all or nothing.

    Raises `ValidationFailed` (with every reason, the addons' `document_validate` ones
    included), `DocumentLocked` for a document already posted, `HookError` when an addon's
    hook fails; in every case nothing is kept and no number is used.
    """
    ctx.app.db.write_lock(ctx.session)
    doc = require_draft(load(ctx, document))
    kind = get_kind(ctx, doc.kind)
    try:
        with ctx.session.begin_nested():
            _post(ctx, doc, kind)
    except BaseException:
        ctx.session.expire(doc)  # back to what the database holds: the draft
        raise
    return doc


def pattern_hook(ctx: Context) -> Any:
    """The `number_pattern` hook as a function of the sequence, or None when none answers."""
    if not ctx.hooks.hook.number_pattern.get_hookimpls():
        return None
    return lambda sequence: ctx.call("number_pattern", sequence=sequence.key)


def checked(
    ctx: Context, doc: Document, kind: DocumentKind
) -> tuple[Mapping[str, Any], Totals]:
    """The customer's fields and the totals of a draft ready to post; `ValidationFailed`
    with every reason (the rules and the addons' `document_validate`) otherwise."""
    ctx.session.flush()
    customer = persist.contact_row(ctx, doc.customer_id)
    if customer is None:
        raise ValidationFailed([_(MSG_NO_CUSTOMER)])
    totals = totals_of(doc)
    if (totals.excl_vat, totals.vat) != (doc.total_excl_vat, doc.total_vat):
        doc.total_excl_vat, doc.total_vat = totals.excl_vat, totals.vat
        doc.total_incl_vat = totals.incl_vat
    reasons = _rule_reasons(ctx, doc, kind, customer) + _hook_reasons(ctx, doc)
    if reasons:
        raise ValidationFailed(reasons)
    return customer, totals


def check_chronology(doc: Document, last: date | None) -> None:
    """Refuse a date before the last posted document of the kind (numbers follow dates)."""
    if last is not None and doc.issue_date < last:
        raise ValidationFailed(
            [_(MSG_CHRONOLOGY) % {"date": doc.issue_date.isoformat(), "last": last.isoformat()}]
        )


def posted_values(
    ctx: Context,
    doc: Document,
    kind: DocumentKind,
    number: str,
    ref: str | None,
    customer: Mapping[str, Any],
    totals: Totals,
) -> dict[str, Any]:
    """The fields posting writes: number, state, communication, due date, party, totals."""
    now = utcnow()
    return {
        "number": number,
        "state": DocumentState.POSTED,
        "structured_ref": ref,
        "due_date": due_date(doc.issue_date, doc.payment_term_days) if kind.payable else None,
        "party": party_snapshot(ctx, doc, customer),
        "posted_at": now,
        "total_excl_vat": totals.excl_vat,
        "total_vat": totals.vat,
        "total_incl_vat": totals.incl_vat,
        "updated_at": now,
    }


def after_posting(ctx: Context, doc: Document, kind: DocumentKind) -> None:
    """What follows the posting of a document: the credit it applies, `document_posted`, and
    `document_posted_committed` queued for after the commit (`core.documents.announce`)."""
    if kind.is_credit and doc.credited_document_id is not None:
        apply_credit(ctx, doc)
    if ctx.hooks.hook.document_posted.get_hookimpls():
        ctx.call("document_posted", document=document_record(doc))
    announce_after_commit(ctx, doc)


def _post(ctx: Context, doc: Document, kind: DocumentKind) -> None:
    customer, totals = checked(ctx, doc, kind)
    ctx.session.flush()
    number, _value = take_number(
        ctx.session, kind.sequence_key, doc.issue_date, pattern_for=pattern_hook(ctx)
    )
    derived = ogm.from_number(number) if kind.payable else ""
    last, ref_owner = persist.last_date_and_ref_owner(ctx, doc, derived)
    check_chronology(doc, last)
    ref = None
    if kind.payable:
        ref = derived if ref_owner is None else structured_ref_for(ctx, doc, number)
    values = posted_values(ctx, doc, kind, number, ref, customer, totals)
    if not persist.mark_posted(ctx, doc, values):
        raise DocumentLocked(_(MSG_LOCKED) % {"number": doc.id})
    after_posting(ctx, doc, kind)
    ctx.session.flush()
