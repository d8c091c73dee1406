"""The editor without JavaScript and its htmx answers: posting submits the header first, the
header's automatic save answers with its state, units keep their code unless changed."""

from __future__ import annotations

from datetime import date

import pytest
from page_helpers import HTMX, post

from core.documents.models import Document

HEADER = {"issue_date": date.today().isoformat(), "vat_regime": "standard", "language": "en"}


def _draft(client, customer) -> tuple[str, int]:
    url = post(client, "/documents/invoice/new", {"customer_id": str(customer)}).headers[
        "location"]
    return url, int(url.rsplit("/", 1)[1])


@pytest.mark.sqlite_only
def test_post_button_saves_the_header_before_the_confirm_page(tenant, client_of,
                                                               make_customer, work):
    client = client_of(tenant)
    customer = make_customer(tenant)
    url, doc_id = _draft(client, customer)
    editor = client.get(url).text
    assert 'form="header" name="then" value="post"' in editor
    sent = post(client, f"{url}/header", {**HEADER, "customer_id": str(customer),
                                          "payment_term_days": "14", "notes": "Achterdeur",
                                          "then": "post"})
    assert sent.status_code == 303 and sent.headers["location"] == f"{url}/post"
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert (doc.payment_term_days, doc.notes) == (14, "Achterdeur")
    # a refused header does not reach the confirm page and keeps what was typed
    bad = post(client, f"{url}/header", {**HEADER, "payment_term_days": "veertien",
                                         "notes": "Voordeur", "then": "post"})
    assert bad.status_code == 422
    assert "A payment term is a number of days" in bad.text and "Voordeur" in bad.text


@pytest.mark.sqlite_only
def test_header_autosave_answers_with_its_state(tenant, client_of, make_customer, work):
    client = client_of(tenant)
    customer = make_customer(tenant)
    url, doc_id = _draft(client, customer)
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        header = {**HEADER, "vat_regime": doc.vat_regime, "language": doc.language}
    saved = post(client, f"{url}/header", {**header, "payment_term_days": "20"}, headers=HTMX)
    assert saved.status_code == 200 and 'id="header-status"' in saved.text
    assert "Saved" in saved.text and "data-errors" not in saved.text
    assert "HX-Refresh" not in saved.headers
    refused = post(client, f"{url}/header", {**header, "payment_term_days": "x"}, headers=HTMX)
    assert "data-errors" in refused.text and "payment_term_days" in refused.text
    assert "1 field could not be saved" in refused.text
    with work(tenant) as ctx:
        assert ctx.session.get(Document, doc_id).payment_term_days == 20
    other = "fr" if doc.language != "fr" else "nl"
    relanguaged = post(client, f"{url}/header", {**header, "payment_term_days": "20",
                                                 "language": other}, headers=HTMX)
    assert relanguaged.headers["HX-Refresh"] == "true"


@pytest.mark.sqlite_only
def test_units_read_by_name_and_keep_their_code(tenant, client_of, make_customer, work):
    client = client_of(tenant, language="nl")
    customer = make_customer(tenant)
    url, doc_id = _draft(client, customer)
    post(client, f"{url}/lines", {"line_type": "free", "description": "Kast", "quantity": "1",
                                  "unit": "C62", "unit_price": "10", "vat_rate": "21"})
    with work(tenant) as ctx:
        line = ctx.session.get(Document, doc_id).lines[0]
        line_id = line.id
        assert line.unit == "C62"
    editor = client.get(url).text
    assert 'value="stuk"' in editor and 'value="C62"' not in editor
    assert "21 %" in editor and "(S)" not in editor
    post(client, f"{url}/lines/{line_id}", {"description": "Kast", "quantity": "2",
                                            "unit": "stuk", "unit_was": "stuk",
                                            "unit_price": "10", "unit_price_was": "10"})
    with work(tenant) as ctx:
        line = ctx.session.get(Document, doc_id).lines[0]
        assert (line.unit, line.quantity) == ("C62", 2)
    post(client, f"{url}/lines/{line_id}", {"unit": "m²", "unit_was": "stuk"})
    with work(tenant) as ctx:
        assert ctx.session.get(Document, doc_id).lines[0].unit == "m²"
    # the posted document's page reads the unit by name as well
    post(client, f"{url}/lines/{line_id}", {"unit": "C62", "unit_was": "m²"})
    assert post(client, f"{url}/post").status_code == 303
    view = client.get(url).text
    assert "<td>stuk</td>" in view and "C62" not in view
