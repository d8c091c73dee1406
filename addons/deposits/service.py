"""Deposit articles, what each product carries, returned empties and what customers still hold.

Empties outstanding are counted on posted sales (invoices and credit notes, whatever addon
declares them), from the lines whose product is a deposit article: what the customer was
charged minus what was taken back. A delivery note later turned into an invoice counts once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, select

from addons.deposits.models import DepositArticle, DepositReturn, ProductDeposit, VatTreatment
from addons.deposits.translation import _
from addons.products.api import Product, create_product, get_product
from core.api import (
    Document,
    DocumentLine,
    DocumentState,
    parse_decimal,
    require_draft,
    require_write,
)
from core.api import load_document as load
from core.api import record_audit as record
from core.api import refresh_lines as refresh
from core.api import registered_kinds as registered

if TYPE_CHECKING:
    from core.api import Context

ZERO = Decimal("0")


class DepositError(ValueError):
    """A deposit change that cannot be made; `str(error)` says why."""


@dataclass(frozen=True)
class Balance:
    """Empties of one article a customer was charged, brought back, and still holds."""

    article: DepositArticle
    charged: Decimal
    returned: Decimal

    @property
    def outstanding(self) -> Decimal:
        """Charged minus returned."""
        return self.charged - self.returned

    @property
    def amount(self) -> Decimal:
        """The deposit value of what is outstanding."""
        return self.outstanding * self.article.amount


def plain(number: Decimal) -> str:
    """A number as people write it: `24`, `1.5` (no exponent, no trailing zeros)."""
    return format(number.normalize(), "f")


def quantity_of(value: Any) -> Decimal:
    """A quantity typed in the user's language (`1,5` in Dutch, `1.5` in
    English), not negative; a clear error otherwise."""
    try:
        number = parse_decimal(value)
    except ValueError:
        number = None
    if number is None:
        raise DepositError(_("%(value)s is not a quantity.") % {"value": value})
    if number < 0:
        raise DepositError(_("A quantity cannot be negative."))
    return number


def _treatment(ctx: Context, given: str | None) -> str:
    chosen = given or ctx.addon_settings("deposits")["default_vat_treatment"]
    if chosen not in VatTreatment.ALL:
        raise DepositError(_("Unknown VAT treatment: %(value)s.") % {"value": chosen})
    return chosen


# --- Articles ----------------------------------------------------------------------------------


def list_articles(ctx: Context) -> list[DepositArticle]:
    """The tenant's deposit articles by name."""
    return list(ctx.session.scalars(
        select(DepositArticle).join(DepositArticle.product).order_by(Product.name)
    ))


def get_article(ctx: Context, article_id: int) -> DepositArticle:
    """A deposit article of the tenant, or a clear error."""
    article = ctx.session.get(DepositArticle, article_id)
    if article is None:
        raise DepositError(_("This deposit article does not exist."))
    return article


def article_of_product(ctx: Context, product_id: int) -> DepositArticle | None:
    """The deposit article a product is, if it is one."""
    return ctx.session.scalar(select(DepositArticle).where(DepositArticle.product_id == product_id))


def make_article(ctx: Context, product_id: int, vat_treatment: str | None = None) -> DepositArticle:
    """Make a catalogue product a deposit article (its sale price is the deposit)."""
    require_write(ctx)
    product = get_product(ctx, product_id)
    if article_of_product(ctx, product.id) is not None:
        raise DepositError(_("%(name)s is a deposit article already.") % {"name": product.name})
    if ctx.session.scalar(select(ProductDeposit.id).where(ProductDeposit.product_id == product.id)):
        raise DepositError(_("%(name)s carries deposits itself.") % {"name": product.name})
    article = DepositArticle(product_id=product.id, vat_treatment=_treatment(ctx, vat_treatment))
    ctx.session.add(article)
    ctx.session.flush()
    record(ctx, "deposits.article_created", "product", product.id,
           {"vat_treatment": article.vat_treatment})
    return article


def create_article(
    ctx: Context,
    name: str,
    amount: Any,
    *,
    vat_treatment: str | None = None,
    names: Mapping[str, str] | None = None,
    code: str | None = None,
) -> DepositArticle:
    """A new deposit article: a product named `name` whose sale price is `amount`."""
    data: dict[str, Any] = {"name": name, "sale_price": amount, "names": dict(names or {})}
    if code:
        data["code"] = code
    return make_article(ctx, create_product(ctx, data).id, vat_treatment)


def set_vat_treatment(ctx: Context, article_id: int, vat_treatment: str) -> DepositArticle:
    """Change how an article's deposit is taxed (drafts follow at their next change)."""
    require_write(ctx)
    article = get_article(ctx, article_id)
    article.vat_treatment = _treatment(ctx, vat_treatment)
    record(ctx, "deposits.article_changed", "product", article.product_id,
           {"vat_treatment": article.vat_treatment})
    return article


# --- What products carry -----------------------------------------------------------------------


def carried(ctx: Context, product_id: int) -> list[ProductDeposit]:
    """The deposit articles one unit of a product carries."""
    return list(ctx.session.scalars(
        select(ProductDeposit).where(ProductDeposit.product_id == product_id)
        .order_by(ProductDeposit.id)
    ))


def set_product_deposits(
    ctx: Context, product_id: int, articles: Mapping[int, Any]
) -> list[ProductDeposit]:
    """Replace what one unit of a product carries: {article id: quantity per unit}.

    A quantity of 0 (or an article left out) removes the article from the product.
    """
    require_write(ctx)
    product = get_product(ctx, product_id)
    if article_of_product(ctx, product.id) is not None:
        raise DepositError(_("A deposit article cannot carry deposits."))
    wanted = {get_article(ctx, int(a)).id: quantity_of(q) for a, q in articles.items()}
    ctx.session.execute(delete(ProductDeposit).where(ProductDeposit.product_id == product.id))
    for article_id, quantity in wanted.items():
        if quantity > 0:
            ctx.session.add(ProductDeposit(product_id=product.id, article_id=article_id,
                                           quantity=quantity))
    ctx.session.flush()
    record(ctx, "deposits.product_changed", "product", product.id,
           {str(a): str(q) for a, q in wanted.items()})
    return carried(ctx, product.id)


# --- Returned empties on a document ------------------------------------------------------------


def returns_of(ctx: Context, document_id: int | None) -> list[DepositReturn]:
    """The empties entered as returned on a document."""
    if document_id is None:
        return []
    return list(ctx.session.scalars(
        select(DepositReturn).where(DepositReturn.document_id == document_id)
        .order_by(DepositReturn.id)
    ))


def set_returns(ctx: Context, document: Document | int, articles: Mapping[int, Any]) -> Document:
    """Replace the empties returned on a draft, {article id: quantity}, and re-price it."""
    require_write(ctx)
    doc = require_draft(load(ctx, document))
    wanted = {get_article(ctx, int(a)).id: quantity_of(q) for a, q in articles.items()}
    ctx.session.execute(delete(DepositReturn).where(DepositReturn.document_id == doc.id))
    for article_id, quantity in wanted.items():
        if quantity > 0:
            ctx.session.add(DepositReturn(document_id=doc.id, article_id=article_id,
                                          quantity=quantity))
    ctx.session.flush()
    refresh(ctx, doc)
    return doc


# --- Empties a customer holds ------------------------------------------------------------------


def outstanding(ctx: Context, customer_id: int) -> list[Balance]:
    """Per article, what the customer was charged and returned on posted sales, by name."""
    sales = {k.id: k.is_credit for k in registered(ctx.app.catalogue).values() if k.vat_sale}
    positive = case((DocumentLine.quantity > 0, 1), else_=0)
    rows = ctx.session.execute(
        select(DocumentLine.product_id, Document.kind, positive, func.sum(DocumentLine.quantity))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            Document.customer_id == customer_id,
            Document.state != DocumentState.DRAFT,
            Document.kind.in_(list(sales)),
            DocumentLine.product_id.in_(select(DepositArticle.product_id)),
        )
        .group_by(DocumentLine.product_id, Document.kind, positive)
    )
    totals: dict[int, list[Decimal]] = {}
    for product_id, kind, _positive, quantity in rows:
        signed = -quantity if sales[kind] else quantity
        charged_returned = totals.setdefault(product_id, [ZERO, ZERO])
        if signed > 0:
            charged_returned[0] += signed
        else:
            charged_returned[1] -= signed
    balances = [
        Balance(article, *totals[article.product_id])
        for article in list_articles(ctx)
        if article.product_id in totals
    ]
    return [b for b in balances if b.charged or b.returned]
