"""Cancelling a document from its page: the button only where it is allowed, a confirmation,
the "Cancelled" badge on the page and in the list, and another company's id answers 404."""

from __future__ import annotations

from page_helpers import post, title_of
from sqlalchemy import select

from core.audit.models import AuditEntry
from core.documents.models import Document, DocumentState
from core.tenants.models import Role


def _has_button(client, document_id: int) -> bool:
    return f'href="/documents/{document_id}/cancel"' in client.get(
        f"/documents/{document_id}").text


def _state(work, tenant, document_id: int) -> str:
    with work(tenant) as ctx:
        return ctx.session.get(Document, document_id).state


def test_a_delivery_note_is_cancelled_from_its_page(
    tenant, client_of, make_customer, make_invoice, activate, work
):
    activate(tenant, "delivery_notes")
    customer = make_customer(tenant)
    note = make_invoice(tenant, customer, kind="delivery_note", post=True)
    client = client_of(tenant)
    assert _has_button(client, note)
    confirm = client.get(f"/documents/{note}/cancel")
    assert confirm.status_code == 200 and title_of(confirm.text) == "Cancel this delivery note?"
    assert f'action="/documents/{note}/cancel"' in confirm.text and 'name="reason"' in confirm.text
    assert _state(work, tenant, note) == DocumentState.POSTED  # a GET changes nothing
    done = post(client, f"/documents/{note}/cancel", {"reason": "Sent to the wrong address"})
    assert done.status_code == 303 and done.headers["location"].endswith(f"/documents/{note}")
    assert _state(work, tenant, note) == DocumentState.CANCELLED
    with work(tenant) as ctx:
        entry = ctx.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "document")).one()
        assert (entry.action, entry.object_id, entry.details["reason"]) == (
            "document.cancelled", note, "Sent to the wrong address")
        assert entry.user_id is not None
    page = client.get(f"/documents/{note}")
    assert 'class="state state-cancelled">Cancelled<' in page.text
    assert "is cancelled" in page.text  # the flash message
    assert f'action="/documents/{note}/convert"' not in page.text
    assert not _has_button(client, note)
    listed = client.get("/documents/delivery_note")
    assert 'class="state state-cancelled">Cancelled<' in listed.text
    assert f'href="/documents/{note}"' in listed.text
    again = post(client, f"/documents/{note}/cancel")
    assert again.status_code == 303
    assert "already cancelled" in client.get(f"/documents/{note}").text
    refused = post(client, f"/documents/{note}/convert", {"target": "invoice"})
    assert refused.status_code == 303
    assert "is cancelled" in client.get(f"/documents/{note}").text


def test_the_button_only_where_cancelling_is_allowed(
    tenant, client_of, make_customer, make_invoice, activate, work
):
    activate(tenant, "delivery_notes")
    customer = make_customer(tenant)
    invoice = make_invoice(tenant, customer, post=True)
    draft = make_invoice(tenant, customer, kind="delivery_note")
    invoiced = make_invoice(tenant, customer, kind="delivery_note", post=True)
    note = make_invoice(tenant, customer, kind="delivery_note", post=True)
    owner = client_of(tenant)
    post(owner, f"/documents/{invoiced}/convert", {"target": "invoice"})
    assert _has_button(owner, note)
    assert not _has_button(owner, invoice)
    assert not _has_button(owner, draft)
    assert not _has_button(owner, invoiced)
    reader = client_of(tenant, Role.ACCOUNTANT)
    assert not _has_button(reader, note)
    assert reader.get(f"/documents/{note}/cancel").status_code == 403
    # refused with the reason when asked anyway
    post(owner, f"/documents/{invoice}/cancel")
    assert "corrected with a credit note" in owner.get(f"/documents/{invoice}").text
    post(owner, f"/documents/{invoiced}/cancel")
    assert "no longer be cancelled" in owner.get(f"/documents/{invoiced}").text
    assert owner.get(f"/documents/{draft}/cancel", follow_redirects=False).status_code == 303
    assert "delete it instead" in owner.get(f"/documents/{draft}").text
    for document in (invoice, invoiced, note):
        assert _state(work, tenant, document) == DocumentState.POSTED


def test_another_companys_document_answers_404(
    tenant, make_tenant, client_of, make_customer, make_invoice, activate, work
):
    other = make_tenant("Tenant B", slug="tenant-b")
    activate(other, "delivery_notes")
    activate(tenant, "delivery_notes")
    theirs = make_invoice(other, make_customer(other), kind="delivery_note", post=True)
    client = client_of(tenant)
    assert client.get(f"/documents/{theirs}/cancel").status_code == 404
    assert post(client, f"/documents/{theirs}/cancel").status_code == 404
    assert _state(work, other, theirs) == DocumentState.POSTED
