"""The document pages: the editor of a draft, posting, credit notes, conversion, PDF, e-mail,
and the lists with their filters."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from page_helpers import HTMX, post, title_of
from sqlalchemy import select

from core.documents.models import Document, DocumentState
from core.mail.models import OutboxMessage


def _line_ids(work, tenant, document_id):
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, document_id)
        return [(line.id, line.description) for line in doc.lines]


def test_an_invoice_made_line_by_line_in_the_editor_then_posted(
    tenant, client_of, make_customer, work
):
    """The main flow, on both databases: new draft, three lines, reorder, remove, post."""
    customer = make_customer(tenant, "Bakkerij Peeters", payment_term_days=14)
    client = client_of(tenant)
    made = post(client, "/documents/invoice/new",
                {"customer_id": str(customer), "issue_date": date.today().isoformat()})
    assert made.status_code == 303
    url = made.headers["location"]
    doc_id = int(url.rsplit("/", 1)[1])
    editor = client.get(url)
    assert title_of(editor.text) == "Draft invoice" and 'id="lines"' in editor.text

    first = post(client, f"{url}/lines", {"form": "free", "line_type": "free",
                                          "description": "Keukenkast", "quantity": "2",
                                          "unit_price": "450", "vat_rate": "21"}, headers=HTMX)
    assert first.status_code == 200 and first.text.lstrip().startswith("<section id=\"lines\"")
    assert "900,00" in first.text or "900.00" in first.text
    post(client, f"{url}/lines", {"form": "free", "line_type": "free", "description": "Plaatsing",
                                  "quantity": "3", "unit_price": "45,50", "discount_percent": "10",
                                  "vat_rate": "6"})  # without JavaScript: a redirect
    post(client, f"{url}/lines", {"form": "text", "line_type": "subtitle",
                                  "description": "Keuken"}, headers=HTMX)
    lines = _line_ids(work, tenant, doc_id)
    assert [d for _i, d in lines] == ["Keukenkast", "Plaatsing", "Keuken"]
    subtitle = lines[2][0]
    moved = post(client, f"{url}/lines/{subtitle}/move", {"position": "1"}, headers=HTMX)
    assert moved.status_code == 200
    post(client, f"{url}/lines/{lines[1][0]}/move", {"direction": "up"})
    assert [d for _i, d in _line_ids(work, tenant, doc_id)] == ["Keuken", "Plaatsing",
                                                                "Keukenkast"]
    totals = client.get(f"{url}/totals")
    assert 'id="total-incl"' in totals.text and "<html" not in totals.text
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        # 900 at 21 % and 3 × 45.50 − 10 % = 122.85 at 6 %
        assert (doc.total_excl_vat, doc.total_vat, doc.total_incl_vat) == (
            Decimal("1022.85"), Decimal("196.37"), Decimal("1219.22"))
    changed = post(client, f"{url}/lines/{lines[0][0]}", {
        "description": "Keukenkast eik", "quantity": "3", "unit": "st", "unit_price": "450,00",
        "unit_price_was": "450,00", "discount_percent": "0", "vat_rate": "21"}, headers=HTMX)
    assert changed.status_code == 200
    bad = post(client, f"{url}/lines/{lines[0][0]}", {"quantity": "drie"}, headers=HTMX)
    assert bad.status_code == 422 and "expected a number" in bad.text
    removed = post(client, f"{url}/lines/{subtitle}/delete", headers=HTMX)
    assert removed.status_code == 200
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert [line.description for line in doc.lines] == ["Plaatsing", "Keukenkast eik"]
        assert doc.total_excl_vat == Decimal("1472.85") and doc.payment_term_days == 14

    confirm = client.get(f"{url}/post")
    assert title_of(confirm.text) == "Post this invoice?" and "cannot be changed" in confirm.text
    posted = post(client, f"{url}/post")
    assert posted.status_code == 303
    view = client.get(url)
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert doc.state == DocumentState.POSTED and doc.number
    assert title_of(view.text) == f"Invoice {doc.number}"
    assert f"/documents/{doc_id}/lines" not in view.text  # read-only now
    assert post(client, f"{url}/lines", {"description": "x"}).status_code == 400
    with work(tenant) as ctx:  # stored once the posting was committed
        from core.output.stored import file_bytes, stored_file

        stored = file_bytes(stored_file(ctx, doc_id))
    pdf = client.get(f"{url}/pdf")
    assert pdf.status_code == 200 and pdf.content == stored and stored.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    assert doc.number in pdf.headers["content-disposition"]
    draft_url = post(client, "/documents/invoice/new", {"customer_id": str(customer)}).headers[
        "location"]
    draft_pdf = client.get(f"{draft_url}/pdf?inline=1")
    assert draft_pdf.content.startswith(b"%PDF")
    assert draft_pdf.headers["content-disposition"].startswith("inline")


@pytest.mark.sqlite_only
def test_header_changes_and_posting_refusals_are_shown(tenant, client_of, make_customer, work):
    customer = make_customer(tenant, "Particulier Jansen")
    other = make_customer(tenant, "Firma Smets")
    client = client_of(tenant)
    url = post(client, "/documents/invoice/new", {"customer_id": str(customer)}).headers[
        "location"]
    doc_id = int(url.rsplit("/", 1)[1])
    refused = post(client, f"{url}/post")  # no lines
    assert refused.status_code == 303
    assert "without lines cannot be posted" in client.get(url).text
    search = post(client, f"{url}/header", {"customer_search": "1", "customer_q": "smets",
                                            "customer_id": str(customer)})
    assert search.status_code == 200 and "Firma Smets" in search.text  # the picker, no JS
    picker = client.get("/customers/picker?customer_q=smets", headers=HTMX)
    assert f'value="{other}"' in picker.text and "<html" not in picker.text
    bad = post(client, f"{url}/header", {"customer_id": str(other), "issue_date": "",
                                         "payment_term_days": "soon", "vat_regime": "standard",
                                         "language": "fr", "notes": "Merci"})
    assert bad.status_code == 422 and "Enter a date." in bad.text
    saved = post(client, f"{url}/header", {
        "customer_id": str(other), "issue_date": "2026-03-02", "payment_term_days": "0",
        "vat_regime": "renovation", "language": "fr", "notes": "Merci", "attention": "Mevr. Smets"})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        doc = ctx.session.get(Document, doc_id)
        assert (doc.customer_id, doc.vat_regime, doc.language, doc.due_date) == (
            other, "renovation", "fr", date(2026, 3, 2))
    editor = client.get(url)
    assert "rénovation" in editor.text  # the legal mention in the document's language


@pytest.mark.sqlite_only
def test_credit_in_full_and_in_part(tenant, client_of, make_customer, make_invoice, work):
    customer = make_customer(tenant)
    invoice = make_invoice(tenant, customer, lines=2, post=True)  # 1 × 100 and 2 × 100
    client = client_of(tenant)
    lines = _line_ids(work, tenant, invoice)
    form = client.get(f"/documents/{invoice}/credit")
    assert form.status_code == 200 and f'name="qty.{lines[1][0]}"' in form.text
    too_much = post(client, f"/documents/{invoice}/credit",
                    {"mode": "partial", f"qty.{lines[1][0]}": "5"})
    assert too_much.status_code == 422 and "at most 2 can still be credited" in too_much.text
    partial = post(client, f"/documents/{invoice}/credit",
                   {"mode": "partial", f"qty.{lines[1][0]}": "1"})
    note_url = partial.headers["location"]
    post(client, f"{note_url}/post")
    with work(tenant) as ctx:
        note = ctx.session.get(Document, int(note_url.rsplit("/", 1)[1]))
        assert note.kind == "credit_note" and note.state == DocumentState.POSTED
        assert note.total_excl_vat == Decimal("100.00")
        assert ctx.session.get(Document, invoice).amount_credited == Decimal("121.00")
    full = post(client, f"/documents/{invoice}/credit", {"mode": "full"})
    post(client, f"{full.headers['location']}/post")
    with work(tenant) as ctx:
        assert ctx.session.get(Document, invoice).state == DocumentState.CREDITED
    assert "/credit" not in client.get(f"/documents/{invoice}").text.split("<main")[1].split(
        "Linked documents")[0]


@pytest.mark.sqlite_only
def test_a_quote_is_converted_into_an_invoice(
    tenant, client_of, make_customer, make_invoice, activate, work
):
    activate(tenant, "quotes")
    customer = make_customer(tenant)
    quote = make_invoice(tenant, customer, kind="quote", post=True)
    client = client_of(tenant)
    assert "Quote" in client.get("/documents/quote").text
    page = client.get(f"/documents/{quote}")
    assert 'name="target" value="invoice"' in page.text
    made = post(client, f"/documents/{quote}/convert", {"target": "invoice"})
    assert made.status_code == 303
    with work(tenant) as ctx:
        invoice = ctx.session.get(Document, int(made.headers["location"].rsplit("/", 1)[1]))
        assert invoice.kind == "invoice" and invoice.is_draft
        assert invoice.total_excl_vat == Decimal("300.00")
    editor = client.get(made.headers["location"])
    assert "Made from" in editor.text and f'href="/documents/{quote}"' in editor.text


@pytest.mark.sqlite_only
def test_sending_queues_the_email_with_its_pdf(
    tenant, client_of, make_customer, make_invoice, work
):
    from core.mail.settings import save_mail_settings

    customer = make_customer(tenant, email="info@peeters.be")
    invoice = make_invoice(tenant, customer, post=True)
    client = client_of(tenant)
    form = client.get(f"/documents/{invoice}/send")
    assert 'value="info@peeters.be"' in form.text
    unset = post(client, f"/documents/{invoice}/send", {"to": "info@peeters.be"})
    assert unset.status_code == 422 and "No SMTP server" in unset.text
    with work(tenant) as ctx:
        save_mail_settings(ctx.session, host="smtp.example.com", from_address="f@example.com")
    sent = post(client, f"/documents/{invoice}/send", {"to": "info@peeters.be", "cc": ""})
    assert sent.status_code == 303
    with work(tenant) as ctx:
        message = ctx.session.scalars(select(OutboxMessage)).one()
        assert message.to == ["info@peeters.be"] and message.document_id == invoice


@pytest.mark.sqlite_only
def test_a_product_line_takes_the_products_name_and_price(
    tenant, client_of, make_customer, activate, work
):
    from addons.products.service import create_product

    activate(tenant, "products")
    with work(tenant) as ctx:
        product = create_product(ctx, {"code": "KAST", "name": "Keukenkast eik",
                                       "sale_price": "450", "vat_rate": "21", "unit": "C62"}).id
    customer = make_customer(tenant)
    client = client_of(tenant)
    url = post(client, "/documents/invoice/new", {"customer_id": str(customer)}).headers[
        "location"]
    doc_id = int(url.rsplit("/", 1)[1])
    choices = client.get(f"{url}/products?product_q=kast", headers=HTMX)
    assert f'value="{product}"' in choices.text and "Keukenkast eik" in choices.text
    searched = post(client, f"{url}/lines", {"form": "product", "product_search": "1",
                                             "product_q": "eik"})
    assert searched.status_code == 200 and f'value="{product}"' in searched.text
    missing = post(client, f"{url}/lines", {"form": "product", "line_type": "product",
                                            "quantity": "2"}, headers=HTMX)
    assert missing.status_code == 422 and "Choose a product." in missing.text
    post(client, f"{url}/lines", {"form": "product", "line_type": "product",
                                  "product_id": str(product), "quantity": "2", "unit_price": ""})
    with work(tenant) as ctx:
        line = ctx.session.get(Document, doc_id).lines[0]
        assert (line.description, line.unit_price, line.net_amount) == (
            "Keukenkast eik", Decimal("450"), Decimal("900.00"))


@pytest.mark.sqlite_only
def test_the_lists_filter_by_state_customer_period_and_search(
    tenant, client_of, make_customer, make_invoice, work
):
    peeters = make_customer(tenant, "Bakkerij Peeters")
    claes = make_customer(tenant, "Garage Claes")
    today = date.today()
    old = make_invoice(tenant, peeters, post=True, issue_date=today - timedelta(days=400),
                       payment_term_days=30)
    recent = make_invoice(tenant, claes, post=True, issue_date=today, payment_term_days=30)
    draft = make_invoice(tenant, claes)
    client = client_of(tenant)
    with work(tenant) as ctx:
        numbers = {i: ctx.session.get(Document, i).number for i in (old, recent)}

    def shown(query: str) -> set[int]:
        html = client.get(f"/documents/invoice?{query}").text
        return {int(i) for i in re.findall(r'<td><a href="/documents/(\d+)">', html)}

    assert shown("") == {old, recent, draft}
    assert shown("state=draft") == {draft}
    assert shown("state=overdue") == {old}
    assert shown("state=open") == {old, recent}
    assert shown(f"customer_id={peeters}") == {old}
    assert shown("period=this_year") >= {recent, draft}
    assert old not in shown("period=this_year")
    assert shown("q=claes") == {recent, draft}
    assert shown(f"q={numbers[old]}") == {old}
    page = client.get("/documents/invoice?sort=total&state=open")
    assert "state=open" in page.text.split("<thead>")[1].split("</thead>")[0]
    assert client.get("/documents/nonsense").status_code == 404
