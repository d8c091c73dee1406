"""Deposit articles, the articles each product carries, and empties returned on a document.

A deposit article (a crate, a bottle, a keg) is a product of the catalogue: its name per
language, unit and sale price (the deposit amount) live there, and the deposit lines of a
document carry its `product_id`, so a posted document says by itself which empties it
charged or took back. This addon adds the VAT treatment of the article.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from addons.products.api import Product
from core.api import Base, TenantOwned

Quantity = Numeric(16, 4)


class VatTreatment:
    """How a deposit is taxed: kept out of the VAT base (default), or at the product's rate."""

    EXCLUDED = "excluded"
    PRODUCT_RATE = "product_rate"
    ALL = (EXCLUDED, PRODUCT_RATE)


class DepositArticle(TenantOwned, Base):
    """A returnable crate, bottle or keg: a catalogue product with a VAT treatment."""

    __tablename__ = "deposits_articles"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    vat_treatment: Mapped[str] = mapped_column(String(20), default=VatTreatment.EXCLUDED)

    product: Mapped[Product] = relationship(lazy="joined")

    @property
    def amount(self) -> Decimal:
        """The deposit on one article: its product's sale price."""
        return self.product.sale_price

    def label(self, language: str) -> str:
        """The article's name in a language."""
        return self.product.name_in(language)

    def __repr__(self) -> str:
        return f"<DepositArticle {self.id} product {self.product_id} {self.vat_treatment}>"


class ProductDeposit(TenantOwned, Base):
    """A product carries `quantity` of an article per unit (a crate of 24: 1 crate, 24 bottles)."""

    __tablename__ = "deposits_product_articles"
    __table_args__ = (UniqueConstraint("tenant_id", "product_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products_products.id", ondelete="CASCADE")
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("deposits_articles.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(Quantity)

    article: Mapped[DepositArticle] = relationship(lazy="joined")


class DepositReturn(TenantOwned, Base):
    """Empties of an article the customer brought back, entered on a document."""

    __tablename__ = "deposits_returns"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("deposits_articles.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(Quantity)

    article: Mapped[DepositArticle] = relationship(lazy="joined")
