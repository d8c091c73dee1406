"""Proposals for bank lines without a usable structured communication: the one open invoice
of the same amount whose customer carries the payer's name. The user confirms each one."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from addons.payments.accounts import CENT
from addons.payments.models import Payment, PaymentAllocation, PaymentSource
from addons.payments.receivables import open_query
from core.api import Document

if TYPE_CHECKING:
    from core.api import Context

LEGAL_FORMS = frozenset({"bv", "bvba", "nv", "vzw", "cv", "cvba", "vof", "commv", "srl", "sprl",
                         "sa", "asbl", "sc", "scrl", "snc", "scs", "ltd", "the", "and", "een"})


def name_words(text: str | None) -> set[str]:
    """The words of a name that tell it apart: lower case, without legal forms."""
    words = re.findall(r"\w+", (text or "").casefold())
    return {w for w in words if len(w) > 2 and w not in LEGAL_FORMS and not w.isdigit()}


def propose(ctx: Context, amount: Decimal, counterparty: str | None) -> Document | None:
    """The open invoice this much money from this payer settles, when exactly one fits."""
    words = name_words(counterparty)
    if amount < CENT or not words:
        return None
    query = open_query(ctx).where(func.abs(Document.open_amount - amount) < CENT / 2)
    found = [doc for doc in ctx.session.scalars(query.limit(50))
             if words & name_words((doc.party or {}).get("name"))]
    return found[0] if len(found) == 1 else None


def proposal_for(ctx: Context, payment: Payment) -> Document | None:
    """The proposal for a bank payment not matched yet, if there is one."""
    if payment.source != PaymentSource.BANK or payment.allocations:
        return None
    return propose(ctx, payment.amount, payment.counterparty)


def bank_lines_to_handle(ctx: Context) -> list[Payment]:
    """Money received from the bank and not matched to any invoice, oldest first."""
    matched = (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.payment_id == Payment.id)
        .scalar_subquery()
    )
    query = select(Payment).where(
        Payment.source == PaymentSource.BANK, Payment.amount > 0,
        Payment.amount - matched >= CENT,
    ).order_by(Payment.date, Payment.id)
    return list(ctx.session.scalars(query))
