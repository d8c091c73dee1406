"""Settings → Company: the legal identity every document prints (Belgian company code)."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from settings_helpers import send

from core.contacts.service import create_customer
from core.documents.service import create_document
from core.documents.settings import get_setting
from core.output.adapter import build_view
from core.output.pdf import render_pdf

VALID = {
    "name": "Schrijnwerkerij Peeters", "street": "Kerkstraat 12", "postal_code": "9000",
    "city": "Gent", "country": "BE", "vat_number": "BE0123456749", "theme": "default",
    "accent_colour": "#1f4e79", "legal_form": "BV", "enterprise_number": "0123 456 749",
    "register": "RPR  Gent", "in_liquidation": "on",
}


def test_the_legal_identity_is_kept_and_printed(tenant, client_of, work):
    client = client_of(tenant)
    page = client.get("/settings/company")
    assert 'name="legal_form"' in page.text and 'name="register"' in page.text
    saved = send(client, "/settings/company", VALID)
    assert saved.status_code == 303, saved.text
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "company.enterprise_number") == "0123.456.749"
        assert get_setting(ctx.session, "company.register") == "RPR Gent"
        assert get_setting(ctx.session, "company.in_liquidation") == "1"
        customer = create_customer(ctx, {"name": "Bakkerij Janssens"})
        document = create_document(ctx, "invoice", customer, lines=[
            {"description": "Kast", "quantity": 1, "unit_price": Decimal("100")}])
        view = build_view(ctx, document)
    seller = view.seller
    assert (seller.legal_form, seller.enterprise_number, seller.register,
            seller.in_liquidation) == ("BV", "0123.456.749", "RPR Gent", True)
    text = " ".join(pypdf.PdfReader(io.BytesIO(render_pdf(view))).pages[0]
                    .extract_text().split())
    assert ("Schrijnwerkerij Peeters BV in vereffening · Ondernemingsnummer 0123.456.749 · "
            "RPR Gent") in text
    again = client.get("/settings/company")
    assert 'value="RPR Gent"' in again.text and "checked" in again.text.split(
        'name="in_liquidation"', 1)[1].split(">", 1)[0]
    cleared = send(client, "/settings/company", {**VALID, "in_liquidation": ""})
    assert cleared.status_code == 303
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "company.in_liquidation") is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("field", "typed", "message"), [
    ("enterprise_number", "0123.456.789", "Enterprise number 0123.456.789 is not valid"),
    ("register", "Gent", "RPR, RPM or JPR and the court"),
    ("legal_form", "B" * 41, "at most 40 characters"),
])
def test_a_bad_legal_identity_is_refused_next_to_its_field(
    tenant, client_of, work, field, typed, message
):
    client = client_of(tenant)
    refused = send(client, "/settings/company", {**VALID, field: typed})
    assert refused.status_code == 422
    error = refused.text.split(f'id="f-{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#39;", "'")
    assert f'value="{typed}"' in refused.text
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "company.register") is None
