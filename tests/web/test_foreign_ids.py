"""Ids from a request are checked against the tenant; bad numbers are a 400 or a 404, never a
server error; XML from outside is parsed safely."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from addons.products.service import create_product
from core.contacts.service import create_customer
from core.documents.models import Document, DocumentLine
from core.documents.service import create_document
from core.testing.web import csrf_token
from core.xmlsafe import UnsafeXML, parse_xml

HUGE = "99999999999999999999"


def logged_in(web_client, tenant):
    client = web_client(tenant, language="en")
    client.facturo_csrf = csrf_token(client)
    return client


def post(client, url, data, **kwargs):
    kwargs.setdefault("follow_redirects", False)
    return client.post(url, data={**data, "csrf_token": client.facturo_csrf}, **kwargs)


@pytest.fixture
def two_companies(facturo_app, make_tenant):
    """Two tenants with the products app: (ours, theirs, our draft id, their product id)."""
    ours = make_tenant("Bakkerij Peeters", addons=("products",))
    theirs = make_tenant("Slagerij Claes", addons=("products",))
    with facturo_app.tenant_context(theirs.id) as ctx:
        their_product = create_product(ctx, {"code": "STEAK", "name": "Steak",
                                             "sale_price": Decimal("25")}).id
    with facturo_app.tenant_context(ours.id) as ctx:
        customer = create_customer(ctx, {"name": "Café De Hoek"})
        draft = create_document(ctx, "invoice", customer.id).id
    return ours, theirs, draft, their_product


def test_a_line_cannot_use_another_companys_product(facturo_app, web_client, two_companies):
    ours, _theirs, draft, their_product = two_companies
    client = logged_in(web_client, ours)
    response = post(client, f"/documents/{draft}/lines", {
        "line_type": "product", "product_id": str(their_product), "quantity": "1"})
    assert response.status_code == 404
    with facturo_app.tenant_context(ours.id) as ctx:
        assert ctx.session.scalars(select(DocumentLine)).all() == []
        our_product = create_product(ctx, {"code": "PILS", "name": "Pils",
                                           "sale_price": Decimal("2")}).id
    added = post(client, f"/documents/{draft}/lines", {
        "line_type": "product", "product_id": str(our_product), "quantity": "1"})
    assert added.status_code == 303
    with facturo_app.tenant_context(ours.id) as ctx:
        lines = ctx.session.scalars(select(DocumentLine)).all()
    assert [(line.product_id, line.unit_price) for line in lines] == [(our_product,
                                                                       Decimal("2.00"))]


def test_huge_numbers_in_pages_paths_and_forms_are_not_server_errors(
    facturo_app, web_client, two_companies
):
    ours, _theirs, draft, _product = two_companies
    client = logged_in(web_client, ours)
    for url in ("/customers", "/documents/invoice", "/apps/products/"):
        refused = client.get(f"{url}?page={HUGE}")
        assert refused.status_code == 400, url
        assert "no such page" in refused.text, url
        assert client.get(f"{url}?page=2").status_code == 200, url
    assert client.get(f"/documents/{HUGE}").status_code == 404
    assert client.get(f"/customers/{HUGE}").status_code == 404
    line = post(client, f"/documents/{draft}/lines", {
        "line_type": "product", "product_id": HUGE, "quantity": "1"})
    assert line.status_code in (404, 422)
    too_large = post(client, f"/documents/{draft}/lines", {
        "line_type": "free", "description": "Werk", "quantity": HUGE, "unit_price": "1"})
    assert too_large.status_code == 422 and "too large" in too_large.text
    net_too_large = post(client, f"/documents/{draft}/lines", {
        "line_type": "free", "description": "Werk", "quantity": "900000000",
        "unit_price": "900000000"})
    assert net_too_large.status_code == 422 and "too large" in net_too_large.text
    header = post(client, f"/documents/{draft}/header", {
        "customer_id": HUGE, "issue_date": "2026-01-05", "payment_term_days": "30"})
    assert header.status_code == 404
    with facturo_app.tenant_context(ours.id) as ctx:
        assert ctx.session.get(Document, draft).customer_id is not None


@pytest.mark.sqlite_only
@pytest.mark.parametrize("xml, reason", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
     "document type"),
    (b'<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>', "document type"),
    (b"<r><unclosed></r>", "cannot be read"),
])
def test_xml_from_outside_declares_no_entities_and_broken_xml_is_a_clear_error(xml, reason):
    from core.i18n import use_language

    with use_language("en"), pytest.raises(UnsafeXML, match=reason):
        parse_xml(xml)
    assert parse_xml(b"<r><a>1</a></r>").findtext("a") == "1"


@pytest.mark.sqlite_only
def test_the_peppol_transport_refuses_unsafe_xml_with_its_error():
    from addons.peppol.errors import PeppolError
    from addons.peppol.transport import document_number

    with pytest.raises(PeppolError):
        document_number(b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>')
