"""Settings → Numbering: patterns with a live preview, the next number, the fiscal year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from settings_helpers import HTMX, send, title_of
from sqlalchemy import select

from core.contacts.service import create_customer
from core.documents.posting import post_document
from core.documents.service import create_document
from core.numbering.models import NumberSequence

pytestmark = pytest.mark.sqlite_only
YEAR = date.today().year


def _post_invoice(work, tenant) -> str:
    with work(tenant) as ctx:
        customer = create_customer(ctx, {"name": "Garage Claes"})
        document = create_document(ctx, "invoice", customer, lines=[
            {"description": "Onderhoud", "quantity": 1, "unit_price": Decimal("80")}])
        post_document(ctx, document)
        return document.number


def test_every_series_is_listed_with_the_number_it_gives_next(tenant, client_of, activate):
    activate(tenant, "quotes")
    page = client_of(tenant).get("/settings/numbering")
    assert page.status_code == 200 and title_of(page.text) == "Numbering"
    for key in ("invoice", "credit_note", "customer", "supplier", "product", "quote"):
        assert f'name="pattern.{key}"' in page.text, key
    assert f'<output id="preview-invoice" for="f-pattern-invoice" aria-live="polite">' \
           f"<strong>F{YEAR}0001</strong>" in page.text
    assert "<strong>C00001</strong>" in page.text
    assert 'hx-get="/settings/numbering/preview"' in page.text


def test_the_preview_follows_the_typed_pattern(tenant, client_of, work):
    _post_invoice(work, tenant)
    client = client_of(tenant)
    shown = client.get("/settings/numbering/preview",
                       params={"pattern.invoice": "INV-%y-(3)"}, headers=HTMX)
    assert shown.status_code == 200
    assert shown.text.strip().startswith('<output id="preview-invoice"')
    assert f"<strong>INV-{YEAR % 100:02d}-002</strong>" in shown.text
    wrong = client.get("/settings/numbering/preview",
                       params={"pattern.invoice": "INV-%Q-(3)"}, headers=HTMX)
    assert "After a % sign only Y" in wrong.text and "<strong>" not in wrong.text
    no_counter = client.get("/settings/numbering/preview", params={"pattern.invoice": "INV"})
    assert "exactly one counter" in no_counter.text
    assert client.get("/settings/numbering/preview",
                      params={"pattern.nothing": "X(3)"}).status_code == 404
    without_js = send(client, "/settings/numbering", {
        "pattern.invoice": "INV-%y-(3)", "year_start": "01-01", "action": "preview"})
    assert without_js.status_code == 200
    assert f"<strong>INV-{YEAR % 100:02d}-002</strong>" in without_js.text
    with work(tenant) as ctx:
        stored = ctx.session.scalars(
            select(NumberSequence.pattern).where(NumberSequence.key == "invoice")).one()
    assert stored == "F%Y(4)"  # a preview saves nothing


def test_patterns_and_the_fiscal_year_start_are_saved(tenant, client_of, work):
    client = client_of(tenant)
    refused = send(client, "/settings/numbering", {
        "pattern.invoice": "FACT(4", "pattern.customer": "K(4)", "year_start": "13-01"})
    assert refused.status_code == 422
    assert 'value="FACT(4"' in refused.text and 'value="13-01"' in refused.text
    assert 'value="K(4)"' in refused.text
    assert "exactly one counter" in refused.text and "month-day" in refused.text
    saved = send(client, "/settings/numbering", {
        "pattern.invoice": "FACT%Y-(4)", "pattern.customer": "K(4)", "year_start": "7-1"})
    assert saved.status_code == 303
    with work(tenant) as ctx:
        rows = {seq.key: seq for seq in ctx.session.scalars(select(NumberSequence))}
    assert rows["invoice"].pattern == "FACT%Y-(4)" and rows["customer"].pattern == "K(4)"
    assert {seq.year_start for seq in rows.values()} == {"07-01"}
    page = client.get("/settings/numbering")
    assert 'value="07-01"' in page.text
    fiscal = YEAR if (date.today().month, date.today().day) >= (7, 1) else YEAR - 1
    assert _post_invoice(work, tenant) == f"FACT{fiscal}-0001"


def test_numbering_continues_after_the_last_paper_invoice(tenant, client_of, work):
    client = client_of(tenant)
    asked = client.get("/settings/numbering/next", params={"key": "invoice", "next": "116"})
    assert asked.status_code == 200 and title_of(asked.text) == "Set the next number"
    assert f"F{YEAR}0116" in asked.text and f"F{YEAR}0001" in asked.text
    assert 'name="next" value="116"' in asked.text
    assert _post_invoice(work, tenant) == f"F{YEAR}0001"  # asking changed nothing
    done = send(client, "/settings/numbering/next", {"key": "invoice", "next": "116"})
    assert done.status_code == 303
    assert "continues at number 116" in client.get(done.headers["location"]).text
    assert _post_invoice(work, tenant) == f"F{YEAR}0116"
    back = client.get("/settings/numbering/next", params={"key": "invoice", "next": "100"})
    assert back.status_code == 422
    assert "Number 116 was already given" in back.text and 'value="100"' in back.text
    assert send(client, "/settings/numbering/next",
                {"key": "invoice", "next": "117"}).status_code == 303
    for bad in ({"key": "invoice", "next": "zero"}, {"key": "nothing", "next": "5"}):
        assert send(client, "/settings/numbering/next", bad).status_code == 422
    assert _post_invoice(work, tenant) == f"F{YEAR}0117"
