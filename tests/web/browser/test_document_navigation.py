"""In Chromium: quotes, order confirmations and delivery notes can be started from their own
pages, their drafts lead to the editor (to change or post them), and a delivery note that is
invoiced no longer offers to become an invoice."""

from __future__ import annotations

from datetime import date

import pytest

from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]


def _document(ctx, kind: str, customer_id: int, *, posted: bool):
    doc = create_document(
        ctx, kind, customer_id, issue_date=date(2026, 3, 2),
        lines=[LineData(description="Bak pils", quantity=2, unit_price="18.50")],
    )
    return post_document(ctx, doc) if posted else doc


def test_new_buttons_draft_links_and_no_second_invoice(
    facturo_app, make_tenant, make_user, serve, page
):
    from playwright.sync_api import expect

    tenant = make_tenant("Drankencentrale Wouters", addons=("quotes", "delivery_notes"))
    user = make_user(tenant, Role.OWNER, language="en")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Café De Kroon", "language": "nl"}).id
        draft_order = _document(ctx, "order_confirmation", customer, posted=False).id
        draft_note = _document(ctx, "delivery_note", customer, posted=False).id
        invoiced_note = _document(ctx, "delivery_note", customer, posted=True).id
    base = serve(facturo_app)

    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("Dashboard · Facturo")

    page.goto(base + "/apps/quotes/")
    page.get_by_role("link", name="New quote").click()
    expect(page).to_have_url(base + "/documents/quote/new")

    page.goto(base + "/apps/quotes/?kind=order_confirmation")
    page.get_by_role("link", name="New order confirmation").click()
    expect(page).to_have_url(base + "/documents/order_confirmation/new")

    page.goto(base + f"/apps/quotes/{draft_order}")
    page.get_by_role("link", name="Edit or post").click()
    expect(page).to_have_url(base + f"/documents/{draft_order}")
    expect(page.get_by_role("button", name="Post", exact=True).first).to_be_visible()

    page.goto(base + "/apps/delivery_notes/")
    page.get_by_role("link", name="New delivery note").click()
    expect(page).to_have_url(base + "/documents/delivery_note/new")

    page.goto(base + f"/apps/delivery_notes/{draft_note}")
    page.get_by_role("link", name="Edit or post").click()
    expect(page).to_have_url(base + f"/documents/{draft_note}")
    expect(page.get_by_role("button", name="Post", exact=True).first).to_be_visible()

    page.goto(base + f"/documents/{invoiced_note}")
    offer = page.get_by_role("button", name="Make a invoice")
    expect(offer).to_be_visible()
    offer.click()  # the first invoice of the note
    expect(page).to_have_url(base + "/documents/" + str(invoiced_note + 1))
    page.goto(base + f"/documents/{invoiced_note}")
    expect(page.get_by_role("heading", name="Linked documents")).to_be_visible()
    expect(page.get_by_role("button", name="Make a invoice")).to_have_count(0)
