"""The webhook: signature checked in constant time, 403 and nothing else when it is wrong;
a good one reads the transaction feed: paid, error, unpaid."""

from decimal import Decimal

from sqlalchemy import func, select
from starlette.testclient import TestClient

from addons.payments.api import PaymentSource, payments_of
from addons.payments.service import list_payments
from addons.twikey.models import CollectionState
from addons.twikey.signature import sign
from addons.twikey.tests.conftest import API_KEY
from addons.twikey.tests.flow import collections, post, run_outbox, signed_mandate
from core.api import DocumentState, read_document
from core.outbox.models import OutboxJob

QUERY = "type=payment&id=1001&mndtId=MNDT00001&amount=121.00"


def web_client_anonymous(app):
    """A client that is not logged in, as Twikey is."""
    return TestClient(app.web, base_url="http://testserver")


def outbox_jobs(app, tenant):
    with app.tenant_context(tenant.id) as ctx:
        return ctx.session.scalar(select(func.count()).select_from(OutboxJob))


def collected(app, shop, twikey, customer):
    """A posted invoice of the customer, collected on the mandate (OPEN at Twikey)."""
    app.addon_manager.configure(shop.id, "twikey", {"collect_automatically": "yes"})
    signed_mandate(app, shop, twikey, customer)
    invoice = post(app, shop, customer)
    assert run_outbox(app).done == 1
    return invoice


def call(client, slug, query=QUERY, signature=None, key=API_KEY):
    headers = {} if signature is False else {"X-Signature": signature or sign(key, query)}
    return client.get(f"/apps/twikey/webhook/{slug}?{query}", headers=headers,
                      follow_redirects=False)


def test_a_wrong_or_missing_signature_gets_403_and_nothing_else(facturo_app, shop, twikey):
    anonymous = web_client_anonymous(facturo_app)
    before = outbox_jobs(facturo_app, shop)
    for answer in (call(anonymous, shop.slug, signature=False),
                   call(anonymous, shop.slug, signature="0" * 64),
                   call(anonymous, shop.slug, key="another-key"),
                   call(anonymous, shop.slug, signature=sign(API_KEY, QUERY).lower()),
                   call(anonymous, "no-such-company")):
        assert answer.status_code == 403
        assert answer.content == b""
        assert "set-cookie" not in answer.headers
    assert outbox_jobs(facturo_app, shop) == before


def test_the_documented_example_passes_the_webhook(facturo_app, make_tenant, twikey):
    tenant = make_tenant("Bakkerij Peeters", addons=("twikey",))
    facturo_app.addon_manager.configure(tenant.id, "twikey", {"api_key": "1234",
                                                               "api_url": twikey.url})
    anonymous = web_client_anonymous(facturo_app)
    example = "55261CBC12BF62000DE1371412EF78C874DBC46F513B078FB9FF8643B2FD4FC2"
    answer = call(anonymous, tenant.slug, "abc=123&name=abc", signature=example)
    assert answer.status_code == 204
    assert call(anonymous, tenant.slug, "abc=123&name=abd", signature=example).status_code == 403


def test_a_paid_collection_records_a_payment_and_the_invoice_is_paid(
        facturo_app, shop, twikey, customer):
    invoice = collected(facturo_app, shop, twikey, customer)
    twikey.settle(invoice.number, "PAID")
    assert call(web_client_anonymous(facturo_app), shop.slug).status_code == 204
    assert run_outbox(facturo_app).done == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert read_document(ctx, invoice.id).state == DocumentState.PAID
        [paid] = payments_of(ctx, invoice.id)
        assert paid.amount == Decimal("121.00")
        assert paid.payment.source == PaymentSource.ADDON
        assert paid.payment.external_id == f"twikey:{collections(facturo_app, shop)[0].twikey_id}"
    assert collections(facturo_app, shop)[0].state == CollectionState.PAID
    call(web_client_anonymous(facturo_app), shop.slug)  # the same news again
    twikey.state.transaction_served = 0
    assert run_outbox(facturo_app).done == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert len(payments_of(ctx, invoice.id)) == 1


def test_an_error_leaves_the_invoice_open_with_the_reason_on_it(
        facturo_app, shop, twikey, customer, web_client):
    invoice = collected(facturo_app, shop, twikey, customer)
    twikey.settle(invoice.number, "ERROR", "AM04 insufficient funds")
    call(web_client_anonymous(facturo_app), shop.slug)
    assert run_outbox(facturo_app).done == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert read_document(ctx, invoice.id).state == DocumentState.POSTED
        assert payments_of(ctx, invoice.id) == []
    [row] = collections(facturo_app, shop)
    assert (row.state, row.reason) == (CollectionState.ERROR, "AM04 insufficient funds")
    page = web_client(shop, language="en").get(f"/documents/{invoice.id}").text
    assert "refused by the bank" in page and "AM04 insufficient funds" in page
    assert "Collect again with Twikey" in page


def test_unpaid_leaves_the_invoice_open(facturo_app, shop, twikey, customer):
    invoice = collected(facturo_app, shop, twikey, customer)
    twikey.settle(invoice.number, "UNPAID", "MD06 refund requested by the debtor")
    call(web_client_anonymous(facturo_app), shop.slug)
    run_outbox(facturo_app)
    with facturo_app.tenant_context(shop.id) as ctx:
        assert read_document(ctx, invoice.id).state == DocumentState.POSTED
    assert collections(facturo_app, shop)[0].reason == "MD06 refund requested by the debtor"


def test_switched_off_the_webhook_answers_403(facturo_app, shop, twikey):
    facturo_app.addon_manager.switch_off(shop.id, "twikey")
    assert call(web_client_anonymous(facturo_app), shop.slug).status_code == 403


def test_a_paid_collection_that_comes_back_opens_the_invoice_again(
        facturo_app, shop, twikey, customer):
    invoice = collected(facturo_app, shop, twikey, customer)
    twikey.settle(invoice.number, "PAID")
    call(web_client_anonymous(facturo_app), shop.slug)
    run_outbox(facturo_app)
    twikey.settle(invoice.number, "UNPAID", "MD06 refund requested by the debtor")
    call(web_client_anonymous(facturo_app), shop.slug)
    assert run_outbox(facturo_app).done == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert read_document(ctx, invoice.id).state == DocumentState.POSTED
        assert payments_of(ctx, invoice.id) == []
        amounts = sorted(p.amount for p in list_payments(ctx))
    assert amounts == [Decimal("-121.00"), Decimal("121.00")]
    [row] = collections(facturo_app, shop)
    assert (row.state, row.payment_id) == (CollectionState.UNPAID, None)
