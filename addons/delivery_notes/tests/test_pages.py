"""The delivery notes pages: ticking notes to invoice, hiding prices, links."""

from __future__ import annotations

from datetime import date

import pytest

from addons.delivery_notes.service import invoice_of, prices_hidden
from core.testing.web import csrf_from, post_form

pytestmark = pytest.mark.sqlite_only


def test_ticked_notes_become_one_invoice_and_prices_can_be_hidden(
    facturo_app, depot, make_note, web_client, tenant
):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        ids = [make_note(ctx, date(2026, 3, day), day).id for day in (2, 3)]
    assert web_client(tenant).get("/apps/delivery_notes/").status_code == 404
    client = web_client(depot, language="en")
    listing = client.get("/apps/delivery_notes/?open=1")
    assert listing.status_code == 200 and listing.text.count('name="note"') == 2
    done = client.post("/apps/delivery_notes/invoice",
                       data={"note": [str(i) for i in ids], "csrf_token": csrf_from(listing.text)},
                       follow_redirects=False)
    assert done.status_code == 303
    assert 'name="note"' not in client.get("/apps/delivery_notes/?open=1").text
    again = client.post("/apps/delivery_notes/invoice",
                        data={"note": [str(ids[0])], "csrf_token": csrf_from(listing.text)},
                        follow_redirects=True)
    assert "already invoiced" in again.text
    page = client.get(f"/apps/delivery_notes/{ids[0]}")
    assert "Converted into" in page.text and "Invoice" in page.text
    assert post_form(client, f"/apps/delivery_notes/{ids[0]}/prices",
                     {"hide": "1"}).status_code == 303
    assert "Hidden" in client.get(f"/apps/delivery_notes/{ids[0]}").text
    with facturo_app.tenant_context(depot.id) as ctx:
        assert prices_hidden(ctx, ids[0]) and not prices_hidden(ctx, ids[1])
        assert invoice_of(ctx, ids[0]).id == invoice_of(ctx, ids[1]).id


def test_an_invoiced_note_is_not_made_into_a_second_invoice(
    facturo_app, depot, make_note, web_client
):
    from sqlalchemy import func, select

    from core.documents.models import Document

    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        note = make_note(ctx, date(2026, 3, 2), 3).id
    client = web_client(depot, language="en")

    def invoices() -> int:
        with facturo_app.tenant_context(depot.id) as ctx:
            return ctx.session.scalar(
                select(func.count()).select_from(Document).where(Document.kind == "invoice"))

    assert post_form(client, f"/documents/{note}/convert", {"target": "invoice"}).status_code == 303
    assert invoices() == 1
    assert "Make a invoice" not in client.get(f"/documents/{note}").text
    again = post_form(client, f"/documents/{note}/convert", {"target": "invoice"},
                      follow_redirects=True)
    assert "already made into a invoice" in again.text
    assert invoices() == 1
