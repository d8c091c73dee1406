"""The pytest kit gives an addon author a tenant with addons on, a posted invoice in one
call, a unit of work, a logged-in client and English messages."""

from __future__ import annotations

from decimal import Decimal

from core.documents.models import Document
from core.i18n import current_language, gettext


def test_a_posted_invoice_in_one_call(make_tenant, post_invoice, in_tenant):
    shop = make_tenant("Bakkerij Peeters", addons=("payments",))
    invoice = post_invoice(shop)
    assert invoice.kind == "invoice" and invoice.state == "posted" and invoice.number
    assert invoice.total_incl_vat == Decimal("121.00")
    assert [line.unit_price for line in invoice.lines] == [Decimal("100.00")]
    second = post_invoice(shop, lines=[{"description": "Bread", "quantity": 3,
                                        "unit_price": "2.50", "vat_rate": 6}],
                          customer=invoice.customer_id)
    assert second.total_incl_vat == Decimal("7.95") and second.customer_id == invoice.customer_id
    with in_tenant(shop) as ctx:
        assert ctx.is_active("payments")
        assert ctx.session.get(Document, second.id).number != invoice.number


def test_in_tenant_defaults_to_the_tenant_fixture(in_tenant, tenant):
    with in_tenant() as ctx:
        assert ctx.tenant_id == tenant.id and ctx.active == frozenset()


def test_english_messages_on_request(english):
    assert current_language() == "en"
    assert gettext("Customers") == "Customers"


def test_a_logged_in_client(make_tenant, web_client):
    shop = make_tenant("Bakkerij Peeters", addons=("payments",))
    page = web_client(shop, language="en").get("/")
    assert page.status_code == 200 and "Bakkerij Peeters" in page.text
