"""Discounts on a whole document: allowances (EN 16931 BG-20) and the financial discount.

A draft holds its discounts as the user gave them (`DocumentAllowance` rows): a percentage
of the line total or a fixed amount, with a reason; and at most one financial (early
payment) discount, a percentage and a term in days. The totals split them per VAT rate
(`core.documents.totals`). A new document gets the customer's general discount as a
percentage allowance and, when it asks payment, the customer's financial discount; changing
the customer of a draft puts the new customer's in their place. Percentage allowances apply
to the user's own lines, not to the lines an app adds (a deposit is never discounted).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.documents.build import transient
from core.documents.errors import DocumentError
from core.documents.models import AllowanceKind, AllowanceOrigin, Document, DocumentAllowance
from core.documents.state import load, require_draft
from core.documents.totals import DISCOUNT_CODE, AllowanceSpec, LineAmount, Totals, document_totals
from core.i18n import N_, _, gettext, ngettext

if TYPE_CHECKING:
    from core.context import Context

ZERO = Decimal("0")
HUNDRED = Decimal(100)
CASH_DISCOUNT_DAYS = 8

GENERAL_DISCOUNT = N_("General discount")
DISCOUNT = N_("Discount")

MSG_ONE_OF = N_("Give a discount either as a percentage or as an amount.")
MSG_PERCENT = N_("A discount percentage must lie above 0 and at most 100 %%.")
MSG_AMOUNT = N_("A discount amount must be above 0.")
MSG_DAYS = N_("The term of a financial discount is a number of days, 0 or more.")
MSG_NOT_HERE = N_("This discount does not belong to this document.")
MSG_NUMBER = N_("%(value)s is not a number.")


def _number(value: Any) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise DocumentError(_(MSG_NUMBER) % {"value": value})
    return number


def _percent(value: Any) -> Decimal:
    percent = _number(value)
    if not ZERO < percent <= HUNDRED:
        raise DocumentError(_(MSG_PERCENT))
    return percent.quantize(Decimal("0.01"))


def _amount(value: Any) -> Decimal:
    amount = _number(value)
    if amount <= 0:
        raise DocumentError(_(MSG_AMOUNT))
    return amount.quantize(Decimal("0.01"))


def _days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise DocumentError(_(MSG_DAYS)) from None
    if days < 0:
        raise DocumentError(_(MSG_DAYS))
    return days


def allowances_of(doc: Document) -> list[DocumentAllowance]:
    """The document allowances of a document (not its financial discount), in order."""
    return [a for a in doc.allowances if a.kind == AllowanceKind.ALLOWANCE]


def cash_discount_of(doc: Document) -> DocumentAllowance | None:
    """The document's financial discount, or None."""
    return next((a for a in doc.allowances if a.kind == AllowanceKind.CASH_DISCOUNT), None)


def cash_discount_reason(days: int | None, language: str) -> str:
    """"Discount for payment within n days" in a language."""
    count = days or 0
    return ngettext("Discount for payment within %(days)d day",
                    "Discount for payment within %(days)d days", count, language) % {"days": count}


def specs(doc: Document) -> list[AllowanceSpec]:
    """The allowances of a document as the totals take them."""
    return [
        AllowanceSpec(a.reason, a.percent, a.amount, a.reason_code or DISCOUNT_CODE, index)
        for index, a in enumerate(allowances_of(doc))
    ]


def line_amounts(doc: Document) -> list[LineAmount]:
    """The priced lines of a document as the totals take them."""
    return [
        LineAmount(line.net_amount, line.vat_rate, line.vat_category, line.addon_id is None)
        for line in doc.lines
        if line.is_priced
    ]


def totals_of(doc: Document) -> Totals:
    """The totals of a document: lines, allowances and financial discount (EN 16931)."""
    cash = cash_discount_of(doc)
    percent = cash.percent if cash is not None and cash.percent else ZERO
    return document_totals(line_amounts(doc), specs(doc), percent)


def compute_totals(doc: Document) -> None:
    """Store the document's totals from its lines and discounts (EN 16931 rounding)."""
    totals = totals_of(doc)
    doc.total_excl_vat = totals.excl_vat
    doc.total_vat = totals.vat
    doc.total_incl_vat = totals.incl_vat


def _renumber(doc: Document) -> None:
    for index, allowance in enumerate(doc.allowances, start=1):
        if allowance.position != index:
            allowance.position = index


def new_allowance(doc: Document, **values: Any) -> DocumentAllowance:
    """A discount row of the document's tenant (not yet on the document)."""
    defaults: dict[str, Any] = {
        "position": len(doc.allowances) + 1, "kind": AllowanceKind.ALLOWANCE,
        "origin": AllowanceOrigin.MANUAL, "reason": "", "reason_code": DISCOUNT_CODE,
        "percent": None, "amount": None, "days": None,
    }
    return transient(DocumentAllowance, {**defaults, "tenant_id": doc.tenant_id, **values})


def _refresh(ctx: Context, doc: Document) -> None:
    """After a change of the discounts: their positions and the document's totals."""
    _renumber(doc)
    compute_totals(doc)


def _checked_values(percent: Any, amount: Any) -> dict[str, Decimal | None]:
    given_percent = percent not in (None, "")
    given_amount = amount not in (None, "")
    if given_percent == given_amount:
        raise DocumentError(_(MSG_ONE_OF))
    if given_percent:
        return {"percent": _percent(percent), "amount": None}
    return {"percent": None, "amount": _amount(amount)}


def add_allowance(
    ctx: Context,
    document: Document | int,
    *,
    reason: str = "",
    percent: Any = None,
    amount: Any = None,
) -> DocumentAllowance:
    """Add a document allowance to a draft: a percentage of the line total or an amount."""
    doc = require_draft(load(ctx, document))
    values = _checked_values(percent, amount)
    allowance = new_allowance(
        doc, reason=(reason or "").strip()[:200] or gettext(DISCOUNT, doc.language), **values
    )
    doc.allowances.append(allowance)
    _refresh(ctx, doc)
    ctx.session.flush()  # the new allowance gets its id
    return allowance


def _own(doc: Document, allowance: DocumentAllowance | int) -> DocumentAllowance:
    if isinstance(allowance, DocumentAllowance):
        found = next((a for a in doc.allowances if a is allowance), None)
    else:
        found = next((a for a in doc.allowances if a.id is not None and a.id == allowance), None)
    if found is None:
        raise DocumentError(_(MSG_NOT_HERE))
    return found


def update_allowance(
    ctx: Context,
    document: Document | int,
    allowance: DocumentAllowance | int,
    *,
    reason: str | None = None,
    percent: Any = None,
    amount: Any = None,
) -> DocumentAllowance:
    """Change the reason and the percentage or amount of a draft's allowance; one that came
    from the customer stays the customer's (a change of customer replaces it)."""
    doc = require_draft(load(ctx, document))
    found = _own(doc, allowance)
    if percent is not None or amount is not None:
        values = _checked_values(percent, amount)
        if found.kind == AllowanceKind.CASH_DISCOUNT and values["percent"] is None:
            raise DocumentError(_(MSG_PERCENT))
        found.percent, found.amount = values["percent"], values["amount"]
    if reason is not None and found.kind == AllowanceKind.ALLOWANCE:
        found.reason = reason.strip()[:200] or gettext(DISCOUNT, doc.language)
    _refresh(ctx, doc)
    return found


def remove_allowance(
    ctx: Context, document: Document | int, allowance: DocumentAllowance | int
) -> None:
    """Remove an allowance (or the financial discount) from a draft."""
    doc = require_draft(load(ctx, document))
    found = _own(doc, allowance)
    doc.allowances = [a for a in doc.allowances if a is not found]
    _refresh(ctx, doc)


def set_cash_discount(
    ctx: Context, document: Document | int, percent: Any, days: Any = CASH_DISCOUNT_DAYS
) -> DocumentAllowance | None:
    """Set the financial discount of a draft (`percent` 0 or empty removes it); one that came
    from the customer stays the customer's (a change of customer replaces it)."""
    doc = require_draft(load(ctx, document))
    current = cash_discount_of(doc)
    _put_cash_discount(doc, percent, days,
                       current.origin if current is not None else AllowanceOrigin.MANUAL)
    _refresh(ctx, doc)
    return cash_discount_of(doc)


def _put_cash_discount(doc: Document, percent: Any, days: Any, origin: str) -> None:
    found = cash_discount_of(doc)
    if percent in (None, "") or _number(percent) == 0:
        if found is not None:
            doc.allowances = [a for a in doc.allowances if a is not found]
        return
    value, term = _percent(percent), _days(days)
    reason = cash_discount_reason(term, doc.language)
    if found is None:
        doc.allowances.append(new_allowance(
            doc, kind=AllowanceKind.CASH_DISCOUNT, origin=origin, percent=value, days=term,
            reason=reason))
    else:
        found.percent, found.days, found.reason, found.origin = value, term, reason, origin


def apply_customer(
    doc: Document, customer: Mapping[str, Any], *, payable: bool, general: bool = True
) -> None:
    """Put the customer's general discount (a percentage allowance) and, on a document that
    asks payment, their financial discount on a draft, in place of an earlier customer's.

    `general=False` (a converted document, which keeps the discounts it copied) only adds
    the financial discount when the draft has none."""
    if general:
        kept = [a for a in doc.allowances if a.origin != AllowanceOrigin.CUSTOMER]
        if len(kept) != len(doc.allowances):
            doc.allowances = kept
    percent = Decimal(customer.get("general_discount") or 0)
    if general and percent > 0:
        doc.allowances.insert(0, new_allowance(
            doc, origin=AllowanceOrigin.CUSTOMER, percent=_percent(percent),
            reason=gettext(GENERAL_DISCOUNT, doc.language)))
    financial = Decimal(customer.get("financial_discount") or 0)
    if payable and financial > 0 and cash_discount_of(doc) is None:
        doc.allowances.append(new_allowance(
            doc, kind=AllowanceKind.CASH_DISCOUNT, origin=AllowanceOrigin.CUSTOMER,
            percent=_percent(financial), days=CASH_DISCOUNT_DAYS,
            reason=cash_discount_reason(CASH_DISCOUNT_DAYS, doc.language)))
    _renumber(doc)


def copy_allowances(target: Document, source: Document, share: Decimal | None = None) -> None:
    """Copy a document's discounts to a new draft (a conversion, a credit note); a fixed
    amount is scaled by `share` (the part of the source's line total taken over)."""
    for allowance in source.allowances:
        amount = allowance.amount
        if amount is not None and share is not None:
            amount = (amount * share).quantize(Decimal("0.01"))
            if not amount:
                continue
        target.allowances.append(new_allowance(
            target, kind=allowance.kind, origin=allowance.origin, reason=allowance.reason,
            reason_code=allowance.reason_code, percent=allowance.percent, amount=amount,
            days=allowance.days))
    _renumber(target)
