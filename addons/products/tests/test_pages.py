"""The products pages: list, form, archive, export, price change, import in three steps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from addons.products.service import create_product, get_by_code
from core.testing.web import csrf_from, finish_import, post_form

pytestmark = pytest.mark.sqlite_only
ADDONS = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    """Compile the addon's catalogs when a `.po` is newer than its `.mo` (as `make i18n`)."""
    from core.i18n_tools import compile_all

    for po_path in ADDONS.glob("products/i18n/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            compile_all([po_path.parents[2]])


def test_the_pages_answer_only_where_the_app_is_on(facturo_app, shop, tenant, web_client):
    assert web_client(tenant).get("/apps/products/").status_code == 404
    client = web_client(shop, language="en")
    page = client.get("/apps/products/")
    assert page.status_code == 200 and "<title>Products" in page.text
    assert 'href="/apps/products/"' in page.text
    dutch = web_client(shop, language="nl").get("/apps/products/")
    assert "<title>Producten" in dutch.text and "Nieuw product" in dutch.text
    french = web_client(shop, language="fr").get("/apps/products/new")
    assert "Nouveau produit" in french.text and "Prix de vente (HTVA)" in french.text


def test_a_product_is_added_found_changed_and_archived(facturo_app, shop, web_client):
    client = web_client(shop, language="en")
    refused = post_form(client, "/apps/products/new", {"name": "", "sale_price": "-1",
                                                      "vat_rate": "21", "unit": "C62"})
    assert refused.status_code == 422
    assert "a product needs a name" in refused.text and "-1" in refused.text
    saved = post_form(client, "/apps/products/new", {
        "name": "Dakgoot", "name_fr": "Gouttière", "sale_price": "12,50", "vat_rate": "6",
        "unit": "MTR", "code": "", "category_id": ""})
    assert saved.status_code == 303
    url = saved.headers["location"]
    with facturo_app.tenant_context(shop.id) as ctx:
        product = get_by_code(ctx, "P00001")
        assert (product.names, product.unit, str(product.sale_price)) == (
            {"fr": "Gouttière"}, "MTR", "12.500000"
        )
    form = client.get(url)
    assert 'value="12.50"' in form.text and 'value="Gouttière"' in form.text
    listing = client.get("/apps/products/?q=gouttiere")
    assert "P00001" in listing.text and "metre" in listing.text
    assert post_form(client, url, {"name": "Dakgoot zink", "sale_price": "13", "vat_rate": "6",
                                   "unit": "MTR", "active": "on"}).status_code == 303
    assert post_form(client, f"{url}/archive").status_code == 303
    assert f'href="{url}"' not in client.get("/apps/products/").text
    assert "Dakgoot zink" in client.get("/apps/products/?archived=1").text


def test_export_and_price_change(facturo_app, shop, web_client):
    with facturo_app.tenant_context(shop.id) as ctx:
        create_product(ctx, {"code": "V-1", "name": "Verf", "sale_price": 20})
    client = web_client(shop, language="en")
    exported = client.get("/apps/products/export?format=csv")
    assert exported.status_code == 200 and "V-1;Verf" in exported.content.decode("utf-8-sig")
    assert post_form(client, "/apps/products/prices", {"percent": "abc"}).status_code == 422
    changed = post_form(client, "/apps/products/prices", {"percent": "10",
                                                          "field": "sale_price"})
    assert changed.status_code == 303
    with facturo_app.tenant_context(shop.id) as ctx:
        assert str(get_by_code(ctx, "V-1").sale_price) == "22.000000"


def test_import_in_three_steps(facturo_app, shop, web_client):
    client = web_client(shop, language="en")
    token = csrf_from(client.get("/apps/products/import").text)
    data = b"Code;Name;Price;VAT\nA-1;Hamer;9,95;21\nA-2;Zaag;;7\n"
    uploaded = client.post("/apps/products/import?kind=products", data={"csrf_token": token},
                           files={"file": ("tools.csv", data, "text/csv")},
                           follow_redirects=False)
    assert uploaded.status_code == 303
    check_url = finish_import(client, uploaded).headers["location"]
    checked = client.get(check_url)
    assert "choose a VAT rate" in checked.text and re.search(r"<td>3</td>", checked.text)
    mapping = {"column_0": "code", "column_1": "name", "column_2": "sale_price",
               "column_3": "vat_rate"}
    refused = post_form(client, check_url, {**mapping, "action": "import"})
    assert refused.status_code == 422
    done = client.post(check_url, data={**mapping, "action": "import", "skip": "3",
                                        "csrf_token": csrf_from(checked.text)},
                       follow_redirects=False)
    assert done.status_code == 303
    with facturo_app.tenant_context(shop.id) as ctx:
        assert get_by_code(ctx, "A-1").name == "Hamer"
    assert client.get(check_url, follow_redirects=False).status_code == 303  # upload is gone
