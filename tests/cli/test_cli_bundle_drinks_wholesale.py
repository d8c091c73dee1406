"""`facturo tenant create NAME --bundle drinks_wholesale`: a drinks wholesaler, ready to sell."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from addons.deposits.service import create_article, set_product_deposits
from addons.products.service import create_product
from addons.tiered_pricing.service import list_segments
from core.app import Facturo
from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.service import create_document
from core.tenants.models import Tenant


def test_a_tenant_created_from_the_bundle_has_its_addons_settings_and_theme(run_cli, cli_env):
    result = run_cli("tenant", "create", "Drankenhandel Peeters", "--bundle", "drinks_wholesale")
    assert result.exit_code == 0, result.output
    app = Facturo()
    try:
        with app.db.session() as session:
            tenant = session.scalars(
                select(Tenant).where(Tenant.slug == "drankenhandel-peeters")
            ).one()
        assert (tenant.bundle, tenant.theme, tenant.language) == (
            "drinks_wholesale", "modern", "nl"
        )
        with app.tenant_context(tenant.id) as ctx:
            assert ctx.active == {
                "products", "tiered_pricing", "deposits", "delivery_notes", "payments"
            }
            assert ctx.addon_settings("deposits")["default_vat_treatment"] == "excluded"
            assert ctx.addon_settings("payments")["first_reminder_days"] == 10
            assert [s.name for s in list_segments(ctx)] == ["Particulier", "Horeca", "Groothandel"]
            crate = create_article(ctx, "Bak", "3.00")
            pils = create_product(ctx, {"name": "Pils bak", "sale_price": "14.00"})
            set_product_deposits(ctx, pils.id, {crate.id: 1})
            customer = create_customer(ctx, {"name": "Café De Hoek"})
            invoice = create_document(ctx, "invoice", customer.id, lines=[
                LineData(line_type="product", product_id=pils.id, quantity=2)])
            assert invoice.total_excl_vat == Decimal("34.00")
    finally:
        app.db.dispose()
    listed = run_cli("tenant", "list")
    assert "drinks_wholesale" in listed.output


def test_an_unknown_bundle_is_one_clear_line(run_cli):
    result = run_cli("tenant", "create", "Acme", "--bundle", "drinks")
    assert result.exit_code == 1
    assert "unknown bundle 'drinks'" in result.output and "drinks_wholesale" in result.output
