"""The late payment interest addon, tested with Facturo's pytest kit."""

from datetime import date, timedelta
from decimal import Decimal

from facturo_late_interest.interest import overdue

CLAUSE_NL = ("<p class='late-interest'>Elk bedrag dat op de vervaldag onbetaald is, brengt van "
             "rechtswege en zonder ingebrekestelling een intrest op van 10,5 % per jaar.</p>")


def test_a_posted_invoice_prints_the_clause_at_the_tenant_rate(facturo_app, make_tenant,
                                                                post_invoice):
    tenant = make_tenant("Bakkerij Peeters", addons=("late_interest",))
    facturo_app.addon_manager.configure(tenant.id, "late_interest", {"rate": "10.5"})
    invoice = post_invoice(tenant)
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.fragments("document_pdf_blocks", document=invoice) == [
            ("late_interest", CLAUSE_NL)]


def test_the_page_lists_overdue_invoices_with_interest_to_date(facturo_app, make_tenant,
                                                                post_invoice, web_client):
    tenant = make_tenant("Bakkerij Peeters", addons=("late_interest",))
    today = date.today()
    late = post_invoice(tenant, issue_date=today - timedelta(days=60), payment_term_days=30)
    post_invoice(tenant, issue_date=today - timedelta(days=5), payment_term_days=30)
    with facturo_app.tenant_context(tenant.id) as ctx:
        rows = overdue(ctx, today)
    assert [(row.invoice.number, row.days, row.interest) for row in rows] == [
        (late.number, 30, Decimal("1.19"))]  # 121.00 × 12 % × 30 / 365
    page = web_client(tenant).get("/apps/late_interest/")
    assert page.status_code == 200
    assert late.number in page.text and "30 dagen" in page.text and "€\xa01,19" in page.text


def test_switched_off_it_prints_nothing_and_has_no_page(facturo_app, make_tenant,
                                                         post_invoice, web_client):
    tenant = make_tenant("Bakkerij Peeters", addons=("late_interest",))
    facturo_app.addon_manager.switch_off(tenant.id, "late_interest")
    invoice = post_invoice(tenant)
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.fragments("document_pdf_blocks", document=invoice) == []
    assert web_client(tenant).get("/apps/late_interest/").status_code == 404
