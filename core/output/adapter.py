"""From a stored document to its `DocumentView`, its PDF and its e-mail.

The company block comes from the tenant's settings (`company.*` keys below), the customer
block from the frozen party snapshot of a posted document (the live customer for a draft),
the look from the tenant's theme and `output.*` settings. Units print by name in the
document's language (`HUR` → `uur`); prices are left out when an addon hides them
(`document_hides_prices`). A posted document's PDF is the one stored when it was posted
(`core.output.stored`); a draft's is rendered live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.contacts.models import Contact
from core.documents import delivery, discounts, service, vat
from core.documents.kinds import kind_of
from core.documents.models import Document, DocumentLine, LineType
from core.documents.posting import party_snapshot
from core.documents.records import document_record
from core.documents.settings import SELLER_VAT_NUMBER, get_setting
from core.documents.totals import Totals
from core.i18n import ngettext
from core.output.formatting import Formatter
from core.output.view import (
    DEFAULT_ACCENT,
    Address,
    AllowanceRow,
    Buyer,
    CashDiscount,
    CorrectedInvoice,
    DocumentView,
    ExtraBlock,
    Line,
    LineKind,
    Payment,
    Seller,
    VatTotal,
)
from core.paths import var_dir
from core.tenants.models import Tenant
from core.units import unit_label

if TYPE_CHECKING:
    from core.context import Context

COMPANY_STREET = "company.street"
COMPANY_POSTAL_CODE = "company.postal_code"
COMPANY_CITY = "company.city"
COMPANY_COUNTRY = "company.country"
COMPANY_EMAIL = "company.email"
COMPANY_PHONE = "company.phone"
COMPANY_WEBSITE = "company.website"
COMPANY_IBAN = "company.iban"
COMPANY_BIC = "company.bic"
COMPANY_LEGAL_FORM = "company.legal_form"
COMPANY_ENTERPRISE_NUMBER = "company.enterprise_number"
COMPANY_REGISTER = "company.register"
COMPANY_IN_LIQUIDATION = "company.in_liquidation"
ACCENT_COLOUR = "output.accent_colour"
LOGO_PATH = "output.logo_path"  # relative to the data folder, or absolute

ZERO = Decimal("0")


def _setting(ctx: Context, key: str, default: str = "") -> str:
    value = get_setting(ctx.session, key)
    return default if value in (None, "") else str(value)


def seller_of(ctx: Context) -> Seller:
    """The tenant's company block."""
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    return Seller(
        name=tenant.name if tenant is not None else "",
        address=Address(
            _setting(ctx, COMPANY_STREET),
            _setting(ctx, COMPANY_POSTAL_CODE),
            _setting(ctx, COMPANY_CITY),
            _setting(ctx, COMPANY_COUNTRY, "BE"),
        ),
        vat_number=_setting(ctx, SELLER_VAT_NUMBER),
        email=_setting(ctx, COMPANY_EMAIL),
        phone=_setting(ctx, COMPANY_PHONE),
        website=_setting(ctx, COMPANY_WEBSITE),
        iban=_setting(ctx, COMPANY_IBAN),
        bic=_setting(ctx, COMPANY_BIC),
        legal_form=_setting(ctx, COMPANY_LEGAL_FORM),
        enterprise_number=_setting(ctx, COMPANY_ENTERPRISE_NUMBER)
        or enterprise_number_of(_setting(ctx, SELLER_VAT_NUMBER)),
        register=_setting(ctx, COMPANY_REGISTER),
        in_liquidation=bool(_setting(ctx, COMPANY_IN_LIQUIDATION)),
    )


def enterprise_number_of(vat_number: str) -> str:
    """The Belgian enterprise number within a Belgian VAT number (`BE0123456749` →
    `0123.456.749`), "" for any other."""
    digits = vat_number.upper().removeprefix("BE")
    if not vat_number.upper().startswith("BE") or not digits.isdigit() or len(digits) != 10:
        return ""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def corrected_invoice(ctx: Context, document: Document) -> CorrectedInvoice | None:
    """The number and date of the invoice a credit note corrects (None for other documents)."""
    if document.credited_document_id is None:
        return None
    invoice = ctx.session.get(Document, document.credited_document_id)
    if invoice is None or not invoice.number:
        return None
    return CorrectedInvoice(invoice.number, invoice.issue_date)


def _party(ctx: Context, document: Document) -> dict[str, Any]:
    if document.party:
        return dict(document.party)
    customer = ctx.session.get(Contact, document.customer_id)
    return party_snapshot(ctx, document, customer) if customer is not None else {}


def buyer_of(ctx: Context, document: Document) -> Buyer:
    """The customer block as the document prints it."""
    party = _party(ctx, document)
    customer = ctx.session.get(Contact, party.get("customer_id") or document.customer_id)
    return Buyer(
        name=party.get("name") or "",
        address=Address(party.get("street") or "", party.get("postal_code") or "",
                        party.get("city") or "", party.get("country") or "BE"),
        attention=party.get("attention") or document.attention or "",
        vat_number=party.get("vat_number") or "",
        customer_number=customer.number if customer is not None else "",
        email=party.get("email") or "",
    )


def prices_hidden(ctx: Context, document: Document) -> bool:
    """Whether an addon shows this document without prices (`document_hides_prices`)."""
    if not ctx.hooks.hook.document_hides_prices.get_hookimpls():
        return False
    return bool(ctx.call("document_hides_prices", document=document_record(document)))


def _line(line: DocumentLine, vat_label: str, language: str) -> Line:
    if line.line_type == LineType.SUBTITLE:
        return Line.subtitle(line.description)
    if line.line_type == LineType.TEXT:
        return Line.text(line.description)
    description, _, detail = line.description.partition("\n")
    return Line(
        LineKind.ITEM,
        description,
        quantity=line.quantity,
        unit=unit_label(line.unit, language) if line.unit else "",
        unit_price=line.unit_price,
        discount_percent=line.discount_percent or None,
        vat_label=vat_label,
        net_amount=line.net_amount,
        detail=detail.strip(),
    )


def _delivery(document: Document) -> dict[str, date | None]:
    """The delivery date or period to print: only when it differs from the issue date."""
    if not delivery.differs(document.issue_date, document.delivery_date, document.delivery_end):
        return {}
    return {"delivery_date": document.delivery_date, "delivery_end": document.delivery_end}


def _allowance_rows(
    totals: Totals, rate_label: Callable[[Decimal | None], str]
) -> tuple[AllowanceRow, ...]:
    several = len({a.rate for a in totals.allowances}) > 1
    return tuple(
        AllowanceRow(a.reason, a.amount, a.percent, rate_label(a.rate) if several else "")
        for a in totals.allowances
    )


def _cash_discount(
    document: Document, totals: Totals, paid: Decimal, fmt: Formatter
) -> CashDiscount | None:
    offered = discounts.cash_discount_of(document)
    if offered is None or not totals.cash_discount:
        return None
    days = offered.days or 0
    until = document.issue_date + timedelta(days=days)
    due = totals.incl_vat_with_cash_discount - paid
    text = ngettext(
        "%(percent)s discount when paid within %(days)d day, by %(date)s: %(amount)s to pay",
        "%(percent)s discount when paid within %(days)d days, by %(date)s: %(amount)s to pay",
        days, document.language,
    ) % {"percent": fmt.percent(offered.percent), "days": days, "date": fmt.date(until),
         "amount": fmt.money(due)}
    return CashDiscount(offered.percent or ZERO, days, totals.cash_discount, due, until, text)


def build_view(ctx: Context, document: Document, *, issued: bool = False) -> DocumentView:
    """The printable view of a document, in its language, with the tenant's look.

    The view asks for what is still due: the total less what was paid and credited (the
    payments app books payments in `amount_paid` through `core.documents.service.apply_payment`).
    `issued=True` gives the document as it was issued, before any payment: the PDF stored
    at posting.
    """
    kind = kind_of(ctx, document.kind)
    fmt = Formatter(document.language, document.currency)
    regime = vat.regime(document.vat_regime)
    if regime.charges_vat:
        rate_label = fmt.percent
    else:
        reverse = regime.category == "AE"  # the customer pays the VAT: say so, not "0 %"
        short = vat.vat_column_label(regime.id, document.language) if reverse \
            else fmt.percent(ZERO)

        def rate_label(_rate: Decimal | None) -> str:
            return short

    def line_label(line: DocumentLine) -> str:
        if not regime.charges_vat or vat.is_outside_base(line.vat_category):
            return ""
        return rate_label(line.vat_rate)

    lines = tuple(_line(line, line_label(line), document.language) for line in document.lines)
    totals = discounts.totals_of(document)
    vat_totals = tuple(
        VatTotal(rate_label(group.rate), group.base, group.vat, group.rate)
        for group in totals.breakdown if not vat.is_outside_base(group.category)
    )
    outside_base = sum((group.base for group in totals.breakdown
                        if vat.is_outside_base(group.category)), ZERO)
    seller = seller_of(ctx)
    show_prices = not prices_hidden(ctx, document)
    paid = ZERO if issued else amount_settled(document)
    payment = None
    pay_iban, pay_bic = ctx.call("payment_account") or (seller.iban, seller.bic)
    if kind.payable and pay_iban and show_prices:
        payment = Payment(
            iban=pay_iban,
            bic=pay_bic,
            beneficiary=seller.name,
            amount=document.total_incl_vat - paid,
            due_date=document.due_date,
            structured_communication=document.structured_ref or "",
            reference_text="" if document.structured_ref else (document.number or ""),
            show_qr=not document.is_draft,  # a draft has no reference to pay with yet
            currency=document.currency,
        )
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    return DocumentView(
        kind=document.kind,
        title=kind.label(document.language),
        number=document.number,
        issue_date=document.issue_date,
        due_date=document.due_date if kind.payable else None,
        **_delivery(document),
        language=document.language,
        currency=document.currency,
        seller=seller,
        buyer=buyer_of(ctx, document),
        lines=lines,
        vat_totals=vat_totals,
        total_net=document.total_excl_vat,
        total_vat=document.total_vat,
        total=document.total_incl_vat,
        legal_mentions=tuple(service.legal_mentions(ctx, document)),
        outro=document.notes or "",
        payment=payment,
        amount_paid=paid,
        line_total=totals.line_total if totals.allowances else None,
        allowances=_allowance_rows(totals, rate_label),
        cash_discount=_cash_discount(document, totals, paid, fmt) if kind.payable else None,
        theme=(tenant.theme if tenant is not None else "") or "default",
        accent_colour=_setting(ctx, ACCENT_COLOUR, DEFAULT_ACCENT),
        logo_path=_logo_path(_setting(ctx, LOGO_PATH)),
        extra_blocks=tuple(
            ExtraBlock(addon_id, html)
            for addon_id, html in ctx.fragments("document_pdf_blocks",
                                                document=document_record(document))
            if html
        ),
        show_prices=show_prices,
        corrects=corrected_invoice(ctx, document),
        header_fields=tuple(
            (str(label), str(value)) for label, value in _party(ctx, document).get(
                "custom_fields") or ()
        ),
        outside_base=outside_base,
    )


def company_look(ctx: Context) -> dict[str, Any]:
    """The tenant's theme, accent colour and logo, as `DocumentView` takes them: for an
    addon that prints its own kind of paper (a work order) in the document theme."""
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    return {
        "theme": (tenant.theme if tenant is not None else "") or "default",
        "accent_colour": _setting(ctx, ACCENT_COLOUR, DEFAULT_ACCENT),
        "logo_path": _logo_path(_setting(ctx, LOGO_PATH)),
    }


def _logo_path(value: str) -> Path | None:
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else var_dir() / path


def amount_settled(document: Document) -> Decimal:
    """What was paid and credited on a document so far."""
    return (document.amount_paid or ZERO) + (document.amount_credited or ZERO)
