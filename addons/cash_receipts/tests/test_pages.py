"""The cash receipts pages: the list in Dutch and French, the payment method of a receipt,
other companies' ids, and a receipt never offered as a PEPPOL e-invoice."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest

from addons.cash_receipts.service import method_of
from addons.peppol.errors import PeppolError
from addons.peppol.service import document_ubl, find_document, record_ubl
from core.contacts.service import create_customer
from core.documents.credit import create_credit_note
from core.documents.posting import post_document
from core.documents.records import document_record
from core.testing.web import csrf_from, post_form
from core.web.formatting import format_currency


def test_the_list_renders_in_dutch_and_in_french(
    facturo_app, shop, tenant, walk_in, make_receipt, web_client
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        number = make_receipt(ctx, customer, "10.00", method="card").number
        make_receipt(ctx, customer, posted=False)
    dutch = web_client(shop, language="nl").get("/apps/cash_receipts/")
    assert dutch.status_code == 200
    for text in ("<h1>Kastickets</h1>", "Nieuw kasticket", 'href="/documents/cash_receipt/new"',
                 f"Vandaag: 1 kasticket, samen {format_currency(Decimal('12.10'), 'EUR', 'nl')}.",
                 number, "Kaart", "Contant",
                 "Geboekt", "Ontwerp", "Toevallige klant"):
        assert text in dutch.text, text
    french = web_client(shop, language="fr").get("/apps/cash_receipts/?sort=number")
    assert french.status_code == 200
    for text in ("<h1>Tickets de caisse</h1>", "Nouveau ticket de caisse",
                 "Aujourd'hui : 1 ticket de caisse", "Carte", "Espèces", "Brouillon"):
        assert text.replace("'", "&#39;") in french.text, text
    assert web_client(tenant).get("/apps/cash_receipts/").status_code == 404  # app off


def test_the_payment_method_is_chosen_on_the_draft_and_shown_once_posted(
    facturo_app, shop, walk_in, make_receipt, web_client
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        receipt_id = make_receipt(ctx, customer, posted=False).id
    client = web_client(shop, language="en")
    assert client.get("/documents/cash_receipt/new").status_code == 200
    assert "Paid in cash" in client.get(f"/documents/{receipt_id}").text  # the editor's panel
    page = client.get(f"/apps/cash_receipts/{receipt_id}")
    assert page.status_code == 200 and 'value="card"' in page.text
    wrong = post_form(client, f"/apps/cash_receipts/{receipt_id}", {"method": "cheque"})
    assert wrong.status_code == 200 and "in cash or by card" in wrong.text
    chosen = post_form(client, f"/apps/cash_receipts/{receipt_id}", {"method": "card"})
    assert chosen.status_code == 303
    assert chosen.headers["location"].endswith(f"/documents/{receipt_id}")
    assert post_form(client, f"/documents/{receipt_id}/post").status_code == 303
    posted = client.get(f"/documents/{receipt_id}")
    assert "Paid by card" in posted.text and "Change the payment method" not in posted.text
    refused = post_form(client, f"/apps/cash_receipts/{receipt_id}", {"method": "cash"},
                        follow_redirects=True)
    assert "Paid by card" in refused.text and 'name="method"' not in refused.text
    with facturo_app.tenant_context(shop.id) as ctx:
        assert method_of(ctx, receipt_id) == "card"


def test_another_companys_receipt_and_other_documents_answer_404(
    facturo_app, shop, make_tenant, walk_in, make_receipt, web_client
):
    other = make_tenant("Slagerij Claes", addons=("cash_receipts",))
    their_customer, our_customer = walk_in(other), walk_in(shop)
    with facturo_app.tenant_context(other.id) as ctx:
        theirs = make_receipt(ctx, their_customer, posted=False).id
    with facturo_app.tenant_context(shop.id) as ctx:
        invoice = make_receipt(ctx, our_customer, posted=False, kind="invoice").id
    client = web_client(shop, language="en")
    token = csrf_from(client.get("/apps/cash_receipts/").text)
    for document_id in (theirs, invoice, 999999):
        assert client.get(f"/apps/cash_receipts/{document_id}").status_code == 404
        answer = client.post(f"/apps/cash_receipts/{document_id}",
                             data={"method": "card", "csrf_token": token})
        assert answer.status_code == 404
    with facturo_app.tenant_context(other.id) as ctx:
        assert method_of(ctx, theirs) == "cash"


@pytest.fixture
def counter(make_tenant, facturo_app):
    """A shop with cash receipts and PEPPOL, and a customer PEPPOL can reach."""
    tenant = make_tenant("Bouwmarkt Janssens", addons=("cash_receipts", "peppol"))
    with facturo_app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": "Bouwbedrijf Janssens NV",
                                         "vat_number": "BE0712345630"}).id
    return tenant, customer


def test_a_cash_receipt_is_never_an_e_invoice(facturo_app, counter, make_receipt, web_client):
    tenant, customer = counter
    with facturo_app.tenant_context(tenant.id) as ctx:
        receipt = make_receipt(ctx, customer)
        credit = post_document(ctx, create_credit_note(ctx, receipt))
        invoice = make_receipt(ctx, customer, kind="invoice")
        assert find_document(ctx, receipt.id) is None and find_document(ctx, credit.id) is None
        assert find_document(ctx, invoice.id) is not None
        for document in (receipt, credit):
            with pytest.raises(PeppolError, match="Only invoices and credit notes"):
                document_ubl(ctx, document)
        with pytest.raises(PeppolError, match="Only invoices and credit notes"):
            record_ubl(ctx, document_record(receipt))  # the `ubl` export format
        ids = {"receipt": receipt.id, "credit": credit.id, "invoice": invoice.id}
    client = web_client(tenant, language="en")
    for name in ("receipt", "credit"):
        document_id = ids[name]
        assert client.get(f"/apps/peppol/documents/{document_id}.xml").status_code == 404
        assert client.get(f"/apps/peppol/documents/{document_id}/send").status_code == 404
        page = client.get(f"/documents/{document_id}")
        assert page.status_code == 200 and "/apps/peppol/" not in page.text, name
    invoice_page = client.get(f"/documents/{ids['invoice']}").text
    assert f'href="/apps/peppol/documents/{ids["invoice"]}.xml"' in invoice_page


def test_the_pdf_is_a_paid_receipt_in_the_document_theme(
    facturo_app, shop, walk_in, make_receipt, web_client
):
    customer = walk_in(shop)
    with facturo_app.tenant_context(shop.id) as ctx:
        receipt = make_receipt(ctx, customer, "10.00")
    answer = web_client(shop, language="en").get(f"/documents/{receipt.id}/pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    text = " ".join(" ".join(page.extract_text().replace("\xa0", " ").split())
                    for page in reader.pages)
    for words in ("Kasticket", receipt.number, "Betaald", "Betaalwijze: Contant", "12,10"):
        assert words in text, words
    assert "Gestructureerde mededeling" not in text and "Vervaldatum" not in text
