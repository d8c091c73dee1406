"""Bank statements brought in: matched on the structured communication in every spelling,
partial payments, proposals on amount and name, lines left to handle, re-imports that add
nothing, another tenant's invoices never touched, the command line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from addons.payments.accounts import default_account, update_account
from addons.payments.errors import PaymentError
from addons.payments.models import Payment
from addons.payments.statements.importing import (
    Outcome,
    import_statement,
    preview_lines,
    recent_imports,
)
from addons.payments.statements.proposals import bank_lines_to_handle, propose
from addons.payments.statements.reader import read_statement
from addons.payments.tests import coda_builder as cb
from addons.payments.tests.test_statements_parsing import FORTIS, csv_bytes
from core.cli.main import build_cli
from core.documents.models import Document, DocumentState

IBAN = "BE68539007547034"
DAY = date(2026, 3, 20)


def ref_of(facturo_app, tenant, invoice_id: int) -> str:
    with facturo_app.tenant_context(tenant.id) as ctx:
        return ctx.session.get(Document, invoice_id).structured_ref


def invoice(facturo_app, tenant, invoice_id: int) -> tuple[str, Decimal]:
    with facturo_app.tenant_context(tenant.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        return doc.state, doc.amount_paid


def coda(statement: int, *movements: tuple[str, str, str]) -> bytes:
    """A CODA file with movements (amount, structured 12 digits or "", payer name)."""
    body = []
    for sequence, (amount, structured, name) in enumerate(movements, start=1):
        body.append(cb.movement(sequence, amount, DAY, statement, structured=structured,
                                free="" if structured else "betaling"))
        body.append(cb.movement_part2(sequence))
        body.append(cb.movement_part3(sequence, "BE71096123456769", name))
    return cb.statement_file(IBAN, statement, DAY, body)


def fortis(*rows: tuple[str, str, str, str]) -> bytes:
    """A BNP Paribas Fortis export with rows (sequence, amount, communication, payer)."""
    lines = [FORTIS[0]]
    for sequence, amount, communication, name in rows:
        lines.append([sequence, "20/03/2026", "20/03/2026", amount, "EUR", IBAN,
                      "Overschrijving", "BE71096123456769", name, communication, "", "", ""])
    return csv_bytes(lines)


def run_import(facturo_app, tenant, data: bytes, name: str = "statement.cod"):
    with facturo_app.tenant_context(tenant.id) as ctx:
        return import_statement(ctx, read_statement(data, name))


def test_coda_structured_communication_pays_the_invoice(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    ref = ref_of(facturo_app, shop, invoice_id)
    result = run_import(facturo_app, shop, coda(1, ("121.00", ref, "Janssens BV")))
    assert len(result.matched) == 1 and not result.unmatched
    assert invoice(facturo_app, shop, invoice_id) == (DocumentState.PAID, Decimal("121.00"))


@pytest.mark.parametrize("spelling", ["+++{a}/{b}/{c}+++", "***{a}/{b}/{c}***", "{a}{b}{c}"])
def test_csv_structured_communication_in_each_spelling_pays_the_invoice(
    facturo_app, shop, new_customer, post_invoice, spelling
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    ref = ref_of(facturo_app, shop, invoice_id)
    written = spelling.format(a=ref[:3], b=ref[3:7], c=ref[7:])
    result = run_import(facturo_app, shop, fortis(("1", "121,00", written, "X")), "f.csv")
    assert len(result.matched) == 1
    assert invoice(facturo_app, shop, invoice_id) == (DocumentState.PAID, Decimal("121.00"))


def test_partial_payments_leave_the_rest_open_until_the_next_statement(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    ref = ref_of(facturo_app, shop, invoice_id)
    run_import(facturo_app, shop, coda(1, ("50.00", ref, "Janssens BV")))
    assert invoice(facturo_app, shop, invoice_id) == (
        DocumentState.PARTIALLY_PAID, Decimal("50.00"))
    run_import(facturo_app, shop, coda(2, ("71.00", ref, "Janssens BV")))
    assert invoice(facturo_app, shop, invoice_id) == (DocumentState.PAID, Decimal("121.00"))


def test_reimporting_a_statement_adds_nothing(facturo_app, shop, new_customer, post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    ref = ref_of(facturo_app, shop, invoice_id)
    statement = coda(3, ("60.00", ref, "Janssens BV"), ("15.00", "", "Iemand"))
    export = fortis(("2026-0001", "20,00", "los", "Iemand anders"))
    for _round in range(2):
        run_import(facturo_app, shop, statement)
        run_import(facturo_app, shop, export, "f.csv")
    again = run_import(facturo_app, shop, statement)
    assert again.duplicates == 2 and not again.matched and not again.unmatched
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.scalar(select(func.count(Payment.id))) == 3
        kept = [(i.format, i.lines, i.added, i.duplicates) for i in recent_imports(ctx)]
        assert kept == [("CODA", 2, 0, 2), ("BNP Paribas Fortis", 1, 0, 1), ("CODA", 2, 0, 2),
                        ("BNP Paribas Fortis", 1, 1, 0), ("CODA", 2, 2, 0)]
    assert invoice(facturo_app, shop, invoice_id) == (
        DocumentState.PARTIALLY_PAID, Decimal("60.00"))


def test_line_that_matches_nothing_stays_to_handle(facturo_app, shop, new_customer, post_invoice):
    post_invoice(shop, new_customer(shop, "Bouwbedrijf Janssens"), "100.00")
    result = run_import(facturo_app, shop, coda(1, ("33.00", "", "Onbekende Betaler")))
    assert len(result.unmatched) == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        [waiting] = bank_lines_to_handle(ctx)
        assert (waiting.amount, waiting.counterparty) == (Decimal("33.00"), "Onbekende Betaler")
        assert propose(ctx, waiting.amount, waiting.counterparty) is None


def test_amount_and_name_give_one_proposal(facturo_app, shop, new_customer, post_invoice):
    janssens = new_customer(shop, "Bouwbedrijf Janssens BV")
    target = post_invoice(shop, janssens, "100.00")
    post_invoice(shop, janssens, "50.00")
    post_invoice(shop, new_customer(shop, "Peeters NV"), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        found = propose(ctx, Decimal("121.00"), "JANSSENS BOUWBEDRIJF")
        assert found is not None and found.id == target
        assert propose(ctx, Decimal("121.00"), "Willems") is None
        assert propose(ctx, Decimal("120.00"), "Janssens") is None
        parsed = read_statement(coda(1, ("121.00", "", "Janssens Bouwbedrijf")), "s.cod")
        [row] = preview_lines(ctx, parsed, default_account(ctx))
        assert (row.outcome, row.invoice.id) == (Outcome.PROPOSAL, target)
    assert invoice(facturo_app, shop, target)[0] == DocumentState.POSTED


def test_two_invoices_of_the_same_amount_and_payer_give_no_proposal(
    facturo_app, shop, new_customer, post_invoice
):
    janssens = new_customer(shop, "Janssens BV")
    post_invoice(shop, janssens, "100.00")
    post_invoice(shop, janssens, "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert propose(ctx, Decimal("121.00"), "Janssens") is None


def test_another_tenants_invoice_is_never_matched_nor_proposed(
    facturo_app, shop, make_tenant, new_customer, post_invoice
):
    other = make_tenant("Slagerij Maes", addons=("payments",))
    theirs = post_invoice(other, new_customer(other, "Janssens BV"), "100.00")
    ref = ref_of(facturo_app, other, theirs)
    result = run_import(facturo_app, shop, coda(1, ("121.00", ref, "Janssens BV")))
    assert len(result.unmatched) == 1 and not result.matched
    with facturo_app.tenant_context(shop.id) as ctx:
        assert propose(ctx, Decimal("121.00"), "Janssens BV") is None
    assert invoice(facturo_app, other, theirs) == (DocumentState.POSTED, Decimal("0.00"))


def test_statement_of_another_account_is_refused_and_nothing_written(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        update_account(ctx, default_account(ctx), iban="BE71096123456769")
    with pytest.raises(PaymentError, match="not of"):
        run_import(facturo_app, shop, coda(1, ("10.00", "", "X")))
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.scalar(select(func.count(Payment.id))) == 0


def test_command_line_imports_a_statement_once(
    facturo_app, shop, make_tenant, new_customer, post_invoice, facturo_database_url,
    facturo_catalogue, tmp_path, monkeypatch
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    path = tmp_path / "statement.cod"
    path.write_bytes(coda(4, ("121.00", ref_of(facturo_app, shop, invoice_id), "Janssens")))
    env = {"FACTURO_DATABASE_URL": facturo_database_url,
           "FACTURO_VAR_DIR": str(tmp_path / "var"), "FACTURO_SECRET_KEY": "t", "COLUMNS": "200"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    cli = build_cli(facturo_catalogue)
    args = ["payments", "import-statement", shop.slug, str(path)]
    first = CliRunner().invoke(cli, args, env=env)
    assert first.exit_code == 0, first.output
    assert "1 imported, 1 matched, 0 to handle, 0 imported before" in first.output
    second = CliRunner().invoke(cli, args, env=env)
    assert "0 imported, 0 matched, 0 to handle, 1 imported before" in second.output
    assert invoice(facturo_app, shop, invoice_id) == (DocumentState.PAID, Decimal("121.00"))
    bad = tmp_path / "bad.csv"
    bad.write_text("Datum;Bedrag\n01/03/2026;12,00\n")
    refused = CliRunner().invoke(cli, ["payments", "import-statement", shop.slug, str(bad)],
                                 env=env)
    assert refused.exit_code == 1 and "not a CODA file" in refused.output
    off = make_tenant("Zonder Betalingen")
    switched_off = CliRunner().invoke(
        cli, ["payments", "import-statement", off.slug, str(path)], env=env)
    assert switched_off.exit_code == 1 and "payments is off" in switched_off.output
    with facturo_app.tenant_context(off.id) as ctx:
        assert ctx.session.scalar(select(func.count(Payment.id))) == 0
