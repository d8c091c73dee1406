"""The pages of deposits: articles, a product's deposits, a document's returned empties."""

from __future__ import annotations

from decimal import Decimal

from addons.deposits import service
from addons.deposits.models import VatTreatment
from addons.products.service import create_product
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.testing.web import post_form


def test_articles_are_added_and_their_vat_treatment_changed(
    facturo_app, wholesaler, in_tenant, web_client
):
    client = web_client(wholesaler)
    assert "Nog geen leeggoedartikelen" in client.get("/apps/deposits/").text
    added = post_form(client, "/apps/deposits/", {"name": "Vat 20 l", "amount": "30",
                                                  "vat_treatment": "product_rate"})
    assert added.status_code == 303
    refused = post_form(client, "/apps/deposits/", {"name": "Fles", "amount": "veel"})
    assert refused.status_code == 422 and 'value="veel"' in refused.text
    with in_tenant() as ctx:
        (keg,) = service.list_articles(ctx)
        assert (keg.product.name, keg.amount, keg.vat_treatment) == (
            "Vat 20 l", Decimal(30), VatTreatment.PRODUCT_RATE
        )
    post_form(client, f"/apps/deposits/articles/{keg.id}", {"vat_treatment": "excluded"})
    with in_tenant() as ctx:
        assert service.get_article(ctx, keg.id).vat_treatment == VatTreatment.EXCLUDED


def test_a_products_deposits_and_a_drafts_returns_are_entered_on_pages(
    facturo_app, wholesaler, in_tenant, customer_id, crate, web_client
):
    with in_tenant() as ctx:
        cola = create_product(ctx, {"name": "Cola bak", "sale_price": 15}).id
    client = web_client(wholesaler)
    page = client.get(f"/apps/deposits/products/{cola}")
    assert page.status_code == 200 and f'name="article_{crate}"' in page.text
    assert post_form(client, f"/apps/deposits/products/{cola}",
                     {f"article_{crate}": "1"}).status_code == 303
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id,
                                  lines=[LineData(line_type="product", product_id=cola,
                                                  quantity=4)])
        invoice_id = invoice.id
        (_, panel), = ctx.fragments("ui_slot", name="document.detail.panels", obj=invoice)
        assert f"/apps/deposits/documents/{invoice_id}" in panel
    assert post_form(client, f"/apps/deposits/documents/{invoice_id}",
                     {f"article_{crate}": "3"}).status_code == 303
    shown = client.get(f"/apps/deposits/documents/{invoice_id}")
    assert "Teruggebracht" in shown.text
    with in_tenant() as ctx:
        invoice = post_document(ctx, invoice_id)
        assert invoice.total_excl_vat == Decimal("60.00") + Decimal("5.00")
    late = post_form(client, f"/apps/deposits/documents/{invoice_id}", {f"article_{crate}": "4"})
    assert late.status_code == 422 and 'class="error"' in late.text
    with in_tenant() as ctx:
        assert [r.quantity for r in service.returns_of(ctx, invoice_id)] == [Decimal(3)]


def test_the_pages_answer_404_where_the_app_is_off(facturo_app, wholesaler, web_client):
    facturo_app.addon_manager.switch_off(wholesaler.id, "deposits")
    assert web_client(wholesaler).get("/apps/deposits/").status_code == 404


def test_the_document_page_shows_deposits_apart_from_the_vat_breakdown(
    facturo_app, wholesaler, in_tenant, customer_id, crate, pils, web_client
):
    with in_tenant() as ctx:
        invoice = create_document(ctx, "invoice", customer_id,
                                  lines=[LineData(line_type="product", product_id=pils,
                                                  quantity=2)])
        invoice_id = invoice.id
    page = web_client(wholesaler).get(f"/documents/{invoice_id}").text
    assert "(O)" not in page and "(E)" not in page
    assert '<span class="l-vat number">0 %</span>' not in page  # no rate on a deposit line
    assert 'id="total-outside-base"' in page and "Buiten de maatstaf van heffing" in page
    assert "art. 28, 4° WBTW" in page


def test_returning_more_empties_than_the_customer_holds_warns_and_keeps_them(
    facturo_app, wholesaler, in_tenant, customer_id, crate, pils, web_client
):
    with in_tenant() as ctx:
        post_document(ctx, create_document(ctx, "invoice", customer_id, lines=[
            LineData(line_type="product", product_id=pils, quantity=2)]))
        draft = create_document(ctx, "invoice", customer_id, lines=[
            LineData(line_type="product", product_id=pils, quantity=1)])
        draft_id = draft.id
    client = web_client(wholesaler)
    saved = post_form(client, f"/apps/deposits/documents/{draft_id}",
                      {f"article_{crate}": "5"}, follow_redirects=True)
    # 2 held from before and 1 charged on this draft: 3, not 5
    assert "De klant heeft maar 3 Bak" in saved.text
    assert 'class="flash warning"' in saved.text or "warning" in saved.text
    with in_tenant() as ctx:
        assert [r.quantity for r in service.returns_of(ctx, draft_id)] == [Decimal(5)]
    fine = post_form(client, f"/apps/deposits/documents/{draft_id}",
                     {f"article_{crate}": "3"}, follow_redirects=True)
    assert "De klant heeft maar" not in fine.text
