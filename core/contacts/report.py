"""The full report of a customer: revenue per year, products per year, every document, and
the sections active apps add (the payments app: the payments received).

Built as plain data so the page and the PDF show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from core.contacts.models import Contact
from core.contacts.revenue import ProductSales, Revenue, customer_revenue, products_sold
from core.context import Context
from core.contract.contributions import ReportSection
from core.documents.models import Document
from core.documents.records import customer_record


@dataclass(frozen=True)
class DocumentRow:
    """One document of the customer as the report lists it."""

    id: int
    kind: str
    number: str | None
    issue_date: object
    state: str
    total_excl_vat: Decimal
    total_incl_vat: Decimal
    currency: str


@dataclass(frozen=True)
class CustomerReport:
    """Everything the full report shows."""

    contact: Contact
    revenue: Revenue
    products_by_year: dict[int, list[ProductSales]]
    documents: list[DocumentRow]
    sections: list[ReportSection] = field(default_factory=list)


def customer_report(ctx: Context, contact: Contact) -> CustomerReport:
    """The full report of one customer of the tenant."""
    revenue = customer_revenue(ctx, contact.id)
    by_year = {year: products_sold(ctx, contact.id, year=year)
               for year in sorted(revenue.by_year, reverse=True)}
    rows = ctx.session.execute(
        select(Document.id, Document.kind, Document.number, Document.issue_date, Document.state,
               Document.total_excl_vat, Document.total_incl_vat, Document.currency)
        .where(Document.customer_id == contact.id)
        .order_by(Document.issue_date.desc(), Document.id.desc())
    ).all()
    documents = [DocumentRow(*row) for row in rows]
    sections: list[ReportSection] = []
    subject = customer_record(contact)
    for _addon, answer in ctx.fragments("customer_report_sections", customer=subject):
        sections.extend(answer or ())
    return CustomerReport(contact, revenue, by_year, documents, sections)
