"""Settings → Company: details checked and kept, the logo, and what documents then print."""

from __future__ import annotations

from decimal import Decimal

import pytest
from settings_helpers import image_bytes, send, title_of

from core.contacts.service import create_customer
from core.documents.service import create_document
from core.documents.settings import get_setting
from core.output.adapter import build_view
from core.paths import var_dir
from core.tenants.models import Role, Tenant

VALID = {
    "name": "Schrijnwerkerij Peeters BV", "street": "Kerkstraat 12", "postal_code": "9000",
    "city": "Gent", "country": "BE", "email": "info@peeters.example", "phone": "+32 9 123 45 67",
    "website": "www.peeters.example", "vat_number": "be 0123.456.749",
    "iban": "be71096123456769", "bic": "gkcc be bb", "theme": "modern",
    "accent_colour": "#AA3300",
}


def test_the_company_details_reach_the_documents(tenant, client_of, work, facturo_app):
    """The main flow, on both databases: details and logo saved, then printed on a document."""
    client = client_of(tenant)
    page = client.get("/settings/company")
    assert page.status_code == 200 and title_of(page.text) == "Company"
    saved = send(client, "/settings/company", VALID,
                 files={"logo": ("logo.png", image_bytes("PNG"), "image/png")})
    assert saved.status_code == 303, saved.text
    with work(tenant) as ctx:
        stored = {key: get_setting(ctx.session, key) for key in (
            "company.vat_number", "company.iban", "company.bic", "company.street",
            "company.city", "output.accent_colour", "output.logo_path")}
        assert stored["company.vat_number"] == "BE0123456749"
        assert stored["company.iban"] == "BE71 0961 2345 6769"
        assert stored["company.bic"] == "GKCCBEBB"
        assert stored["output.accent_colour"] == "#aa3300"
        assert stored["output.logo_path"].startswith(f"logos/{tenant.id}/")
        customer = create_customer(ctx, {"name": "Bakkerij Janssens"})
        document = create_document(ctx, "invoice", customer, lines=[
            {"description": "Kast", "quantity": 1, "unit_price": Decimal("100")}])
        view = build_view(ctx, document)
    seller = view.seller
    assert seller.name == "Schrijnwerkerij Peeters BV"
    assert (seller.address.street, seller.address.postal_code, seller.address.city) == (
        "Kerkstraat 12", "9000", "Gent")
    assert (seller.vat_number, seller.iban, seller.bic) == (
        "BE0123456749", "BE71 0961 2345 6769", "GKCCBEBB")
    assert (seller.email, seller.phone, seller.website) == (
        "info@peeters.example", "+32 9 123 45 67", "www.peeters.example")
    assert view.theme == "modern" and view.accent_colour == "#aa3300"
    assert view.logo_path == var_dir() / stored["output.logo_path"]
    assert view.logo_path.read_bytes() == image_bytes("PNG")
    again = client.get("/settings/company")
    assert 'value="BE0123456749"' in again.text and "/settings/company/logo/" in again.text
    logo_name = again.text.split('src="/settings/company/logo/', 1)[1].split('"')[0]
    served = client.get(f"/settings/company/logo/{logo_name}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("field", "typed", "message"), [
    ("vat_number", "BE0123456789", "VAT number BE0123456789 is not valid"),
    ("iban", "BE71 0961 2345 6760", "IBAN BE71 0961 2345 6760 is not valid"),
    ("bic", "GKCC XX", "BIC GKCC XX is not valid"),
    ("accent_colour", "#12345", "six hexadecimal digits"),
    ("email", "info@", "is not a valid e-mail address"),
    ("theme", "shiny", "Choose one of the themes."),
    ("name", "", "Enter the company"),
])
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_typed_is_lost(
    tenant, client_of, work, field, typed, message
):
    client = client_of(tenant)
    posted = {**VALID, field: typed}
    refused = send(client, "/settings/company", posted)
    assert refused.status_code == 422
    error = refused.text.split(f'id="f-{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#39;", "'")
    for name in ("street", "city", "phone", "website"):
        assert f'value="{posted[name]}"' in refused.text
    assert f'value="{typed}"' in refused.text or field == "theme"
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "company.street") is None
        assert ctx.session.get(Tenant, tenant.id).name == tenant.name


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("filename", "content", "message"), [
    ("logo.png", b"not an image at all", "not a PNG or JPEG image"),
    ("logo.gif", image_bytes("GIF"), "must be a PNG or JPEG"),
    ("logo.png", image_bytes("PNG")[:60], "not a PNG or JPEG image"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024), "at most 2048 KB"),
    ("huge.png", image_bytes("PNG", (6000, 10)), "at most 5000 pixels"),
])
def test_a_bad_logo_is_refused_and_the_details_are_kept(
    tenant, client_of, work, filename, content, message
):
    client = client_of(tenant)
    refused = send(client, "/settings/company", VALID,
                   files={"logo": (filename, content, "image/png")})
    assert refused.status_code == 422
    assert message in refused.text.split('id="f-logo-error">', 1)[1].split("</p>", 1)[0]
    assert 'value="Kerkstraat 12"' in refused.text
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "output.logo_path") is None
        assert get_setting(ctx.session, "company.street") is None


@pytest.mark.sqlite_only
def test_an_accepted_logo_waits_while_other_fields_are_corrected(tenant, client_of, work):
    client = client_of(tenant)
    refused = send(client, "/settings/company", {**VALID, "iban": "BE00"},
                   files={"logo": ("logo.jpg", image_bytes("JPEG"), "image/jpeg")})
    assert refused.status_code == 422
    pending = refused.text.split('name="pending_logo" value="', 1)[1].split('"', 1)[0]
    assert pending.endswith(".jpg")
    assert client.get(f"/settings/company/logo/{pending}").status_code == 200
    corrected = send(client, "/settings/company", {**VALID, "pending_logo": pending})
    assert corrected.status_code == 303
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "output.logo_path") == f"logos/{tenant.id}/{pending}"
    removed = send(client, "/settings/company", {**VALID, "remove_logo": "on"})
    assert removed.status_code == 303
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "output.logo_path") is None
    forged = send(client, "/settings/company", {**VALID, "pending_logo": "../../secret_key"})
    assert forged.status_code == 303
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "output.logo_path") is None
    assert client.get("/settings/company/logo/..%2F..%2Fsecret_key").status_code == 404


@pytest.mark.sqlite_only
def test_another_companys_logo_is_not_served(make_tenant, client_of):
    first, second = make_tenant("First"), make_tenant("Second")
    owner = client_of(first)
    send(owner, "/settings/company", {**VALID, "name": "First"},
         files={"logo": ("logo.png", image_bytes("PNG"), "image/png")})
    url = owner.get("/settings/company").text.split('src="/settings/company/logo/', 1)[1]
    name = url.split('"', 1)[0]
    assert owner.get(f"/settings/company/logo/{name}").status_code == 200
    assert client_of(second).get(f"/settings/company/logo/{name}").status_code == 404


SETTINGS_PAGES = ("/settings/company", "/settings/defaults", "/settings/numbering",
                  "/settings/mail")


@pytest.mark.sqlite_only
def test_settings_pages_are_for_administrators_only(tenant, client_of):
    admin = client_of(tenant, Role.ADMIN)
    others = [client_of(tenant, role) for role in (Role.MEMBER, Role.ACCOUNTANT)]
    admin_menu = admin.get("/").text
    other_menus = [client.get("/").text for client in others]
    for url in SETTINGS_PAGES:
        page = admin.get(url)
        assert page.status_code == 200 and title_of(page.text), url
        assert f'href="{url}"' in admin_menu and f'href="{url}" aria-current="page"' in page.text
        for client, menu in zip(others, other_menus, strict=True):
            assert client.get(url).status_code == 403, url
            assert send(client, url, {"name": "Hacked"}).status_code == 403, url
            assert f'href="{url}"' not in menu


@pytest.mark.sqlite_only
def test_the_pages_speak_dutch_and_french(tenant, client_of):
    dutch = client_of(tenant, language="nl")
    assert title_of(dutch.get("/settings/numbering").text) == "Nummering"
    assert "Btw-nummer" in dutch.get("/settings/company").text
    french = client_of(tenant, language="fr")
    assert title_of(french.get("/settings/defaults").text) == "Valeurs par défaut"
