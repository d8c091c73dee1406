"""The payments section of a customer's full report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from addons.payments.models import Payment, PaymentAllocation
from addons.payments.translation import _
from core.api import Context, Document, ReportSection, format_currency, format_date


def payments_section(ctx: Context, customer: Any) -> ReportSection:
    """Every payment that went to one of the customer's documents, newest first."""
    rows = ctx.session.execute(
        select(Payment.date, Document.number, Payment.reference, PaymentAllocation.amount)
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .join(Document, Document.id == PaymentAllocation.document_id)
        .where(Document.customer_id == customer.id)
        .order_by(Payment.date.desc(), Payment.id.desc())
    ).all()
    total = sum((amount for *_rest, amount in rows), Decimal("0.00"))
    currency, language = customer.currency, ctx.language
    return ReportSection(
        title=_("Payments received"),
        columns=(_("Date"), _("Document"), _("Reference"), _("Amount")),
        rows=tuple((format_date(day, language=language), number or "", reference or "",
                    format_currency(amount, currency, language))
                   for day, number, reference, amount in rows),
        numeric=(3,),
        total=(_("Total"), "", "", format_currency(total, currency, language)),
    )
