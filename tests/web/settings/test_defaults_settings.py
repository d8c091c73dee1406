"""Settings → Defaults: payment term, VAT regime and rate, language of documents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from settings_helpers import send, title_of

from core.contacts.service import create_customer
from core.documents.service import create_document
from core.documents.settings import get_setting
from core.tenants.models import Tenant

pytestmark = pytest.mark.sqlite_only


def test_new_documents_get_the_company_defaults(tenant, client_of, work):
    client = client_of(tenant)
    page = client.get("/settings/defaults")
    assert page.status_code == 200 and title_of(page.text) == "Defaults"
    assert 'value="30"' in page.text and '<option value="standard" selected>' in page.text
    saved = send(client, "/settings/defaults", {
        "payment_term_days": "14", "vat_regime": "renovation", "vat_rate": "6",
        "language": "fr"})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "documents.payment_term_days") == 14
        assert get_setting(ctx.session, "documents.default_vat_regime") == "renovation"
        assert get_setting(ctx.session, "documents.default_vat_rate") == "6"
        assert ctx.session.get(Tenant, tenant.id).language == "fr"
        plain = create_customer(ctx, {"name": "Familie Wouters"})
        own = create_customer(ctx, {"name": "Garage Claes", "vat_regime": "standard",
                                    "payment_term_days": 30})
        today = date.today()
        first = create_document(ctx, "invoice", plain, issue_date=today, lines=[
            {"description": "Badkamer", "quantity": 1, "unit_price": Decimal("100")}])
        second = create_document(ctx, "invoice", own, issue_date=today)
        assert (first.vat_regime, first.payment_term_days) == ("renovation", 14)
        assert first.due_date == today + timedelta(days=14)
        assert first.lines[0].vat_rate == Decimal("6")
        assert (second.vat_regime, second.payment_term_days) == ("standard", 30)
    again = client.get("/settings/defaults")
    assert '<option value="renovation" selected>' in again.text
    assert '<option value="fr" selected>' in again.text


def test_bad_defaults_are_refused_and_kept_as_typed(tenant, client_of, work):
    client = client_of(tenant)
    refused = send(client, "/settings/defaults", {
        "payment_term_days": "-3", "vat_regime": "pirate", "vat_rate": "19",
        "language": "xx"})
    assert refused.status_code == 422
    assert 'value="-3"' in refused.text
    for message in ("between 0 and 365", "Choose one of the VAT regimes.",
                    "Choose one of the VAT rates.", "Choose one of the languages."):
        assert message in refused.text
    with work(tenant) as ctx:
        assert get_setting(ctx.session, "documents.payment_term_days") == 30
