"""The quotes pages: the list with answers, a quote's page, answering and converting."""

from __future__ import annotations

import pytest

from addons.quotes.service import decision_of, related
from core.testing.web import post_form

pytestmark = pytest.mark.sqlite_only


def test_a_quote_is_answered_and_converted_from_its_page(
    facturo_app, office, make_quote, web_client, activate
):
    with facturo_app.tenant_context(office.id, write=True) as ctx:
        quote_id = make_quote(ctx).id
        draft_id = make_quote(ctx, posted=False).id
    client = web_client(office, language="en")
    listing = client.get("/apps/quotes/")
    assert listing.status_code == 200 and "Waiting for an answer" in listing.text
    assert "Draft" in listing.text
    url = f"/apps/quotes/{quote_id}"
    page = client.get(url)
    assert 'value="invoice"' in page.text and 'value="order_confirmation"' in page.text
    assert 'value="delivery_note"' not in page.text
    assert post_form(client, f"{url}/answer", {"decision": "declined", "on": "2026-02-03",
                                               "note": "Te duur"}).status_code == 303
    assert "Declined" in client.get(url).text
    refused = post_form(client, f"{url}/convert", {"target": "invoice"}, follow_redirects=True)
    assert "declined this quote" in refused.text
    post_form(client, f"{url}/answer", {"decision": "accepted"})
    activate(office, "delivery_notes")
    assert 'value="delivery_note"' in client.get(url).text
    made = post_form(client, f"{url}/convert", {"target": "order_confirmation"})
    assert made.status_code == 303 and made.headers["location"] != url
    order_page = client.get(made.headers["location"])
    assert "Made from" in order_page.text and f'href="{url}"' in order_page.text
    assert "Converted into" in client.get(url).text
    with facturo_app.tenant_context(office.id) as ctx:
        assert decision_of(ctx, quote_id).accepted
        assert [doc.kind for doc in related(ctx, quote_id).targets] == ["order_confirmation"]
    assert client.get(f"/apps/quotes/{draft_id}").status_code == 200
    assert client.get("/apps/quotes/999999").status_code == 404
