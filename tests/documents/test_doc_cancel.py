"""Cancelling a posted document that neither counts for VAT nor asks payment (a delivery
note, a quote): it keeps its number, the addons hear of it in the same transaction, and it
is refused for invoices, credit notes, drafts, documents already cancelled or converted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.addons.errors import HookError
from core.audit.models import AuditEntry
from core.contacts.errors import PermissionDenied
from core.documents.cancel import cancel_document
from core.documents.convert import convert, merge_into_invoice
from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError
from core.documents.lines import LineData
from core.documents.listing import list_documents
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document
from core.tenants.models import Role


def _posted(ctx, kind: str, customer_id: int) -> Document:
    return post_document(ctx, create_document(ctx, kind, customer_id, lines=[
        LineData(description="Pallet bricks", quantity=3, unit_price="40.00", vat_rate=21)]))


def _cancellations(ctx) -> list[AuditEntry]:
    return list(ctx.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "document.cancelled")))


def _cancelled_calls(hooks) -> list:
    return [args for name, args in hooks.CALLS if name == "cancelled"]


def test_a_posted_delivery_note_is_cancelled_and_keeps_its_number(
    app, addon_tenant_id, addon_customer_id, sample_hooks_state
):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        note = _posted(ctx, "delivery_note", addon_customer_id)
        number = note.number
        assert cancel_document(ctx, note, reason="Customer refused the goods") is note
        assert (note.state, note.number) == (DocumentState.CANCELLED, number)
        # the hook ran in the transaction, after the state changed
        assert _cancelled_calls(sample_hooks_state) == [(number, DocumentState.CANCELLED)]
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        stored = ctx.session.get(Document, note.id)
        assert (stored.state, stored.number) == (DocumentState.CANCELLED, number)
        (entry,) = _cancellations(ctx)
        assert (entry.object_type, entry.object_id) == ("document", note.id)
        assert entry.details == {"kind": "delivery_note", "number": number,
                                 "reason": "Customer refused the goods"}
        following = _posted(ctx, "delivery_note", addon_customer_id)
        assert following.number != number  # the cancelled number is never given again
        listed = list_documents(ctx, kind="delivery_note")
        assert {(r.document.number, r.document.state) for r in listed.items} == {
            (number, DocumentState.CANCELLED), (following.number, DocumentState.POSTED)}
        only = list_documents(ctx, kind="delivery_note", state=DocumentState.CANCELLED)
        assert [r.document.number for r in only.items] == [number]
        assert list_documents(ctx, kind="delivery_note", state="open").total == 1


def test_invoices_and_credit_notes_are_corrected_with_a_credit_note_never_cancelled(
    app, addon_tenant_id, addon_customer_id, sample_hooks_state
):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        invoice = _posted(ctx, "invoice", addon_customer_id)
        note = post_document(ctx, create_credit_note(ctx, invoice, {invoice.lines[0].id: 1}))
        for document in (invoice, note):
            with pytest.raises(DocumentError, match="corrected with a credit note"):
                cancel_document(ctx, document)
            assert document.state != DocumentState.CANCELLED
    assert _cancelled_calls(sample_hooks_state) == []


def test_a_draft_is_deleted_not_cancelled(app, addon_tenant_id, addon_customer_id):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        draft = create_document(ctx, "delivery_note", addon_customer_id)
        with pytest.raises(DocumentError, match="delete it"):
            cancel_document(ctx, draft)
        assert draft.state == DocumentState.DRAFT


def test_a_document_is_cancelled_once(
    app, addon_tenant_id, addon_customer_id, sample_hooks_state
):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        quote = _posted(ctx, "quote", addon_customer_id)
        cancel_document(ctx, quote)
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        with pytest.raises(DocumentError, match="already cancelled"):
            cancel_document(ctx, quote.id)
        assert len(_cancelled_calls(sample_hooks_state)) == 1
        assert len(_cancellations(ctx)) == 1


def test_a_converted_document_is_not_cancelled_and_a_cancelled_one_not_converted(
    app, addon_tenant_id, addon_customer_id, sample_hooks_state
):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        invoiced = _posted(ctx, "delivery_note", addon_customer_id)
        invoice = merge_into_invoice(ctx, [invoiced])  # a draft invoice holds it already
        with pytest.raises(DocumentError, match="no longer be cancelled"):
            cancel_document(ctx, invoiced)
        post_document(ctx, invoice)
        with pytest.raises(DocumentError, match="no longer be cancelled"):
            cancel_document(ctx, invoiced)
        assert invoiced.state == DocumentState.POSTED
        quote = _posted(ctx, "quote", addon_customer_id)
        convert(ctx, quote, "invoice")
        with pytest.raises(DocumentError, match="no longer be cancelled"):
            cancel_document(ctx, quote)
        cancelled = cancel_document(ctx, _posted(ctx, "delivery_note", addon_customer_id))
        with pytest.raises(DocumentError, match="is cancelled"):
            convert(ctx, cancelled, "invoice")
        with pytest.raises(DocumentError, match="is cancelled"):
            merge_into_invoice(ctx, [cancelled])
    assert len(_cancelled_calls(sample_hooks_state)) == 1


def test_a_failing_hook_leaves_the_document_posted(
    app, addon_tenant_id, addon_customer_id, sample_hooks_state
):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        note = _posted(ctx, "delivery_note", addon_customer_id)
        sample_hooks_state.BEHAVIOUR["fail_cancelled"] = True
        with pytest.raises(HookError, match="document_cancelled"):
            cancel_document(ctx, note)
        assert note.state == DocumentState.POSTED
        assert _cancellations(ctx) == []
        sample_hooks_state.BEHAVIOUR.clear()
        cancel_document(ctx, note)  # the unit of work goes on: once the hook agrees, it is
    with app.tenant_context(addon_tenant_id) as ctx:
        assert ctx.session.get(Document, note.id).state == DocumentState.CANCELLED


def test_a_user_who_may_only_read_cannot_cancel(app, addon_tenant_id, addon_customer_id):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        note = _posted(ctx, "delivery_note", addon_customer_id)
    with app.tenant_context(addon_tenant_id, role=Role.ACCOUNTANT) as ctx:
        with pytest.raises(PermissionDenied):
            cancel_document(ctx, note.id)
        assert ctx.session.get(Document, note.id).state == DocumentState.POSTED
