"""Switched off, the PEPPOL app has no effect: no panel, no pages; switched on, both."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.demo_documents import demo_document, seed_documents


def _panels(app: Any, tenant_id: int) -> list[str]:
    with app.tenant_context(tenant_id) as ctx:
        invoice = demo_document(ctx, "standard")
        draft_panels = ctx.fragments("ui_slot", name="document.detail.panels", obj=None)
        assert draft_panels == []
        return [addon for addon, _html in ctx.fragments(
            "ui_slot", name="document.detail.panels", obj=invoice)]


def test_the_app_acts_only_where_it_is_on(facturo_app: Any, make_tenant: Any,
                                          web_client: Any) -> None:
    tenant = make_tenant("Demo BV", slug="demo")
    seed_documents(facturo_app, tenant, issued=date(2026, 3, 2))
    with facturo_app.tenant_context(tenant.id) as ctx:
        invoice_id = demo_document(ctx, "standard").id
    client = web_client(tenant)
    url = f"/apps/peppol/documents/{invoice_id}.xml"

    assert "peppol" not in _panels(facturo_app, tenant.id)
    assert client.get(url).status_code == 404

    facturo_app.addon_manager.switch_on(tenant.id, "peppol")
    assert "peppol" in _panels(facturo_app, tenant.id)
    assert client.get(url).status_code == 200
