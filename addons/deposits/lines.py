"""The deposit lines of a document and what they add up to per article.

After each product line come the deposits its product carries (quantity × per unit); the
empties returned on the document follow at the end as negative lines. All of them are in
the block (`group`) "deposits". The VAT follows each article's treatment: kept out of the
VAT base (EN 16931 category `E`, 0 %), or the rate of the product line they belong to.

**Why `E` and not `O`:** EN 16931 rule BR-O-11 forbids a document with a "not subject to
VAT" (`O`) breakdown to hold any other VAT category, so deposits next to taxed goods would
make the e-invoice invalid; an exempt (`E`) group may sit beside standard-rated ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from addons.deposits.models import DepositArticle, ProductDeposit, VatTreatment
from addons.deposits.service import outstanding, returns_of
from core.api import Document, DocumentLine, ExtraLine, LineType, vat

if TYPE_CHECKING:
    from core.api import Context

ADDON = "deposits"
GROUP = "deposits"
ZERO = Decimal("0")

# Printed on the document, in the document's language.
DEPOSIT = {"nl": "Leeggoed: {name}", "fr": "Vidange : {name}", "en": "Deposit: {name}",
           "de": "Pfand: {name}"}
RETURNED = {"nl": "Teruggebracht leeggoed: {name}", "fr": "Vidange rendue : {name}",
            "en": "Returned empties: {name}", "de": "Zurückgegebenes Leergut: {name}"}


def text(texts: dict[str, str], language: str, **values: Any) -> str:
    """A document text in the document's language (English when missing)."""
    return (texts.get(language) or texts["en"]).format(**values)


def _vat(article: DepositArticle, rate: Decimal | None) -> dict[str, Any]:
    if article.vat_treatment == VatTreatment.EXCLUDED:
        return {"vat_rate": ZERO, "vat_category": vat.OUTSIDE_BASE}
    return {"vat_rate": rate}


def _user_product_lines(document: Document) -> list[DocumentLine]:
    return [line for line in document.lines if line.addon_id is None
            and line.line_type == LineType.PRODUCT and line.product_id is not None]


def deposit_lines(ctx: Context, document: Document) -> list[ExtraLine]:
    """The deposit lines a draft should have now."""
    product_lines = _user_product_lines(document)
    carried: dict[int, list[ProductDeposit]] = {}
    if product_lines:
        wanted = {line.product_id for line in product_lines}
        for row in ctx.session.scalars(
            select(ProductDeposit).where(ProductDeposit.product_id.in_(wanted))
            .order_by(ProductDeposit.id)
        ):
            carried.setdefault(row.product_id, []).append(row)
    language = document.language
    extras: list[ExtraLine] = []
    rate_of: dict[int, Decimal] = {}
    for line in product_lines:
        for row in carried.get(line.product_id, ()):
            article = row.article
            rate_of.setdefault(article.id, line.vat_rate)
            extras.append(ExtraLine(
                description=text(DEPOSIT, language, name=article.label(language)),
                quantity=line.quantity * row.quantity, unit_price=article.amount,
                unit=article.product.unit, product_id=article.product_id, group=GROUP,
                follows=line, **_vat(article, None),
            ))
    for returned in returns_of(ctx, document.id):
        article = returned.article
        extras.append(ExtraLine(
            description=text(RETURNED, language, name=article.label(language)),
            quantity=-returned.quantity, unit_price=article.amount, unit=article.product.unit,
            product_id=article.product_id, group=GROUP,
            **_vat(article, rate_of.get(article.id, article.product.vat_rate)),
        ))
    return extras


@dataclass(frozen=True)
class Movement:
    """What a document's deposit lines say about one article."""

    article: DepositArticle
    charged: Decimal
    returned: Decimal
    amount: Decimal

    @property
    def net(self) -> Decimal:
        """Charged minus returned, as written on the document."""
        return self.charged - self.returned


def movements(ctx: Context, document: Document) -> list[Movement]:
    """Per article, the quantities charged and returned on a document and their net amount."""
    lines = [line for line in document.lines if line.addon_id == ADDON and line.product_id]
    if not lines:
        return []
    articles = {a.product_id: a for a in ctx.session.scalars(
        select(DepositArticle).where(DepositArticle.product_id.in_({ln.product_id for ln in lines}))
    )}
    sums: dict[int, list[Decimal]] = {}
    for line in lines:
        charged, returned, amount = sums.setdefault(line.product_id, [ZERO, ZERO, ZERO])
        sums[line.product_id] = [
            charged + max(line.quantity, ZERO), returned + max(-line.quantity, ZERO),
            amount + line.net_amount,
        ]
    return [Movement(articles[product_id], *values) for product_id, values in sums.items()
            if product_id in articles]


@dataclass(frozen=True)
class Overreturn:
    """More empties of an article entered as returned on a draft than the customer holds."""

    article: DepositArticle
    returned: Decimal
    held: Decimal


def overreturned(ctx: Context, document: Document) -> list[Overreturn]:
    """The articles a draft takes back more of than the customer holds: what posted sales
    left outstanding plus what the draft itself charges."""
    held = {b.article.id: b.outstanding for b in outstanding(ctx, document.customer_id)}
    charged = {m.article.id: m.charged for m in movements(ctx, document)}
    found = []
    for returned in returns_of(ctx, document.id):
        article_id = returned.article_id
        holds = held.get(article_id, ZERO) + charged.get(article_id, ZERO)
        if returned.quantity > holds:
            found.append(Overreturn(returned.article, returned.quantity, max(holds, ZERO)))
    return found
