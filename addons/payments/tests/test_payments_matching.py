"""Bank lines matched on the structured communication, in any usual spelling; unmatched
lines kept for matching by hand; importing twice adds nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.payments.accounts import default_account
from addons.payments.matching import BankLine, import_bank_lines, rematch, suggestions
from addons.payments.service import allocate, list_payments
from core.documents import ogm
from core.documents.models import Document, DocumentState


def framed_variants(compact: str) -> list[str]:
    """The ways people and banks write one structured communication."""
    a, b, c = compact[:3], compact[3:7], compact[7:]
    return [
        f"+++{a}/{b}/{c}+++",
        f"+++ {a} / {b} / {c} +++",
        f"***{a}/{b}/{c}***",
        f"{a}/{b}/{c}",
        f"{a} {b} {c}",
        f"{a}.{b}.{c}",
        compact,
        f"Betaling factuur +++{a}/{b}/{c}+++ dank u",
    ]


@pytest.mark.parametrize("variant", range(8))
def test_structured_communication_in_any_spelling_matches(
    facturo_app, shop, new_customer, post_invoice, variant
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        ref = ctx.session.get(Document, invoice_id).structured_ref
        written = framed_variants(ref)[variant]
        result = import_bank_lines(ctx, default_account(ctx), [
            BankLine(date(2026, 3, 20), "121.00", written, "Janssens BV", "BE71096123456769")
        ])
        assert len(result.matched) == 1 and not result.unmatched
        assert result.matched[0].structured_ref == ref
    with facturo_app.tenant_context(shop.id) as ctx:
        doc = ctx.session.get(Document, invoice_id)
        assert (doc.state, doc.amount_paid) == (DocumentState.PAID, Decimal("121.00"))


def test_unmatched_lines_wait_for_manual_matching(
    facturo_app, shop, new_customer, post_invoice
):
    customer = new_customer(shop, "Janssens BV")
    invoice_id = post_invoice(shop, customer, "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        ref = ctx.session.get(Document, invoice_id).structured_ref
        wrong_check = ref[:10] + f"{(int(ref[10:]) % 97) + 1:02d}"
        account = default_account(ctx)
        lines = [
            BankLine(date(2026, 3, 20), "121.00", "factuur maart", "JANSSENS BV", external_id="a"),
            BankLine(date(2026, 3, 20), "10.00", f"+++{ogm.display(wrong_check)[3:-3]}+++",
                     external_id="b"),
            BankLine(date(2026, 3, 21), "-45.10", "Electrabel", external_id="c"),
        ]
        result = import_bank_lines(ctx, account, lines)
        assert not result.matched and len(result.unmatched) == 2
        assert import_bank_lines(ctx, account, lines).duplicates == 3
        unmatched = list_payments(ctx, unmatched=True)
        assert sorted(p.amount for p in unmatched) == [Decimal("10.00"), Decimal("121.00")]
        assert all(p.structured_ref is None for p in unmatched)  # a wrong check digit
        first = next(p for p in unmatched if p.amount == Decimal("121.00"))
        assert [d.id for d in suggestions(ctx, first)] == [invoice_id]
        allocate(ctx, first, invoice_id)
        assert len(list_payments(ctx, unmatched=True)) == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, invoice_id).state == DocumentState.PAID


def test_payment_above_the_open_amount_keeps_the_rest_unmatched(
    facturo_app, shop, new_customer, post_invoice
):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        ref = ctx.session.get(Document, invoice_id).structured_ref
        result = import_bank_lines(ctx, default_account(ctx), [
            BankLine(date(2026, 3, 20), "130.00", ogm.display(ref))
        ])
        assert result.unmatched[0].unallocated == Decimal("9.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, invoice_id).state == DocumentState.PAID


def test_a_payment_arriving_before_its_invoice_is_matched_by_rematch(
    facturo_app, shop, new_customer, post_invoice
):
    customer = new_customer(shop)
    invoice_id = post_invoice(shop, customer, "100.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        ref = ctx.session.get(Document, invoice_id).structured_ref
    next_ref = ogm.from_number(f"F2026{int(ref[:10]) % 10000 + 1:04d}")
    with facturo_app.tenant_context(shop.id) as ctx:
        result = import_bank_lines(ctx, default_account(ctx), [
            BankLine(date(2026, 3, 20), "60.50", ogm.display(next_ref))
        ])
        assert len(result.unmatched) == 1
    second = post_invoice(shop, customer, "50.00")
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, second).structured_ref == next_ref
        assert len(rematch(ctx)) == 1
        assert ctx.session.get(Document, second).state == DocumentState.PAID


def test_matching_never_crosses_tenants(facturo_app, shop, make_tenant, new_customer,
                                        post_invoice):
    invoice_id = post_invoice(shop, new_customer(shop), "100.00")
    other = make_tenant("Slagerij Maes", addons=("payments",))
    with facturo_app.tenant_context(shop.id) as ctx:
        ref = ctx.session.get(Document, invoice_id).structured_ref
    with facturo_app.tenant_context(other.id) as ctx:
        result = import_bank_lines(ctx, default_account(ctx), [
            BankLine(date(2026, 3, 20), "121.00", ogm.display(ref))
        ])
        assert len(result.unmatched) == 1
    with facturo_app.tenant_context(shop.id) as ctx:
        assert ctx.session.get(Document, invoice_id).state == DocumentState.POSTED
