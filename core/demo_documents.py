"""Demo documents: the company's details, customers, and a posted invoice of every VAT regime
(standard with 21/12/6 % lines and a discount, renovation at 6 %, reverse charge, intra-EU
supply, export, exempt) plus a credit note, so that PDFs, e-invoices and exports have real
material; an invoice paid in full and one overdue, as a shop's first month has them. Active
addons add their own share through the `demo_data` hook (products, a quote, a delivery note).
Every posted demo document gets its stored PDF, as a real posting does.

Idempotent: a company detail already filled in is kept, a customer is found again by name,
a demo document by the mark in its internal note (`Demo document: <key>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.contacts.models import Contact
from core.contacts.service import create_customer
from core.documents.credit import create_credit_note
from core.documents.errors import ValidationFailed
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import apply_payment, create_document
from core.documents.settings import get_setting, set_setting
from core.output.stored import store_missing_pdfs

if TYPE_CHECKING:
    from core.context import Context, Kernel
    from core.tenants.models import Tenant

MARK = "Demo document: "

COMPANY: dict[str, str] = {
    "company.vat_number": "BE0876543270",
    "company.street": "Kerkstraat 12",
    "company.postal_code": "9000",
    "company.city": "Gent",
    "company.country": "BE",
    "company.email": "facturen@demo-bv.example",
    "company.phone": "+32 9 123 45 67",
    "company.iban": "BE71096123456769",
    "company.bic": "GKCCBEBB",
    "company.legal_form": "BV",
    "company.enterprise_number": "0876.543.270",
    "company.register": "RPR Gent",
}

CUSTOMERS: dict[str, dict[str, Any]] = {
    "Bouwbedrijf Janssens NV": {
        "vat_number": "BE0712345630", "street": "Meir 40", "postal_code": "2000",
        "city": "Antwerpen", "language": "nl", "email": "boekhouding@janssens.example",
    },
    "Famille Dubois": {
        "is_company": False, "street": "Rue de Fer 8", "postal_code": "5000",
        "city": "Namur", "language": "fr", "email": "dubois@example.be",
        "vat_regime": "renovation_6",
    },
    "Renovatie Claes BV": {
        "vat_number": "BE0555123476", "street": "Grote Markt 3", "postal_code": "3000",
        "city": "Leuven", "language": "nl", "email": "info@claes.example",
        "vat_regime": "reverse_charge",
    },
    "Holzbau Müller GmbH": {
        "vat_number": "DE123456788", "street": "Hauptstraße 5", "postal_code": "52062",
        "city": "Aachen", "country": "DE", "language": "de",
        "email": "rechnung@mueller.example", "vat_regime": "intra_eu",
    },
    "Atelier Léman SA": {
        "vat_number": "CHE-123.456.788 MWST", "street": "Quai du Mont-Blanc 2",
        "postal_code": "1201", "city": "Genève", "country": "CH", "language": "fr",
        "email": "compta@leman.example", "vat_regime": "export",
    },
    "vzw De Kleine Stap": {
        "vat_number": "BE1234567894", "street": "Schoolstraat 1", "postal_code": "8000",
        "city": "Brugge", "language": "nl", "email": "secretariaat@kleinestap.example",
        "vat_regime": "exempt",
    },
}


@dataclass(frozen=True)
class DemoInvoice:
    """An invoice of the demo: its customer, regime, lines and an optional payment."""

    key: str
    customer: str
    regime: str
    lines: list[dict[str, Any]]
    header: dict[str, Any] = field(default_factory=dict)
    paid: Decimal | None = None
    delivered_days_before: int | None = None  # the delivery date, counted back from the issue
    issued_days_before: int = 0  # the issue date, counted back from the demo's day
    paid_in_full: bool = False


def _line(
    description: str, quantity: str, price: str, rate: str = "21", **extra: Any
) -> dict[str, Any]:
    return {"description": description, "quantity": quantity, "unit_price": price,
            "vat_rate": rate, **extra}


INVOICES: tuple[DemoInvoice, ...] = (
    DemoInvoice("standard", "Bouwbedrijf Janssens NV", "standard", [
        _line("Eiken vergadertafel\nMassief eiken, 240 × 100 cm", "1", "850.00", "21",
              discount_percent="10", unit="C62"),
        _line("Vakboek houtbewerking", "3", "24.50", "6", unit="C62"),
        _line("Werflunch", "2", "45.00", "12"),
        _line("Montage", "3.5", "55.00", "21", unit="HUR"),
    ]),
    DemoInvoice("renovation", "Famille Dubois", "renovation", [
        _line("Rénovation de la salle de bains", "1", "4200.00", "6", unit="LS"),
        _line("Carrelage posé", "18", "42.50", "6", unit="MTK"),
    ], paid=Decimal("1000.00")),
    DemoInvoice("reverse_charge", "Renovatie Claes BV", "reverse_charge", [
        _line("Plaatsen van ramen", "12", "55.00", unit="HUR"),
        _line("Ramen PVC, driedubbele beglazing", "6", "310.00", unit="C62"),
    ]),
    DemoInvoice("intra_eu", "Holzbau Müller GmbH", "intra_eu", [
        _line("Eichenholzplatten 30 mm", "40", "65.00", unit="C62"),
    ], delivered_days_before=4),
    DemoInvoice("export", "Atelier Léman SA", "export", [
        _line("Meubles sur mesure", "2", "3250.00", unit="C62"),
        _line("Emballage et transport", "1", "180.00"),
    ]),
    DemoInvoice("exempt", "vzw De Kleine Stap", "exempt", [
        _line("Opleiding eerste hulp (8 uur)", "1", "600.00"),
    ], header={"vat_exemption_article": "44"}),
)
HISTORY: tuple[DemoInvoice, ...] = (
    DemoInvoice("overdue", "Renovatie Claes BV", "reverse_charge", [
        _line("Binnendeuren plaatsen", "6", "55.00", unit="HUR"),
    ], header={"payment_term_days": 30}, issued_days_before=45),
    DemoInvoice("paid", "Bouwbedrijf Janssens NV", "standard", [
        _line("Boekenkast eik op maat", "1", "1250.00", "21", unit="C62"),
        _line("Levering en plaatsing", "2", "55.00", "21", unit="HUR"),
    ], header={"payment_term_days": 30}, issued_days_before=40, paid_in_full=True),
)
"""Invoices of earlier weeks, oldest first: one past its due date and unpaid, one paid."""
CREDIT_KEY = "credit_note"
CREDITED_KEY = "standard"


def seed_company(ctx: Context) -> None:
    """Fill in the company details the demo documents need, keeping any already there."""
    for key, value in COMPANY.items():
        if get_setting(ctx.session, key) in (None, ""):
            set_setting(ctx.session, key, value)
    ctx.session.flush()


def customer_id(ctx: Context, name: str) -> int:
    """The demo customer of that name, created when missing."""
    found = ctx.session.scalar(select(Contact.id).where(Contact.name == name))
    if found is not None:
        return int(found)
    return create_customer(ctx, {"name": name, **CUSTOMERS[name]}).id


def demo_document(ctx: Context, key: str) -> Document | None:
    """The demo document with this key, if it was made before."""
    return ctx.session.scalars(
        select(Document).where(Document.internal_note == MARK + key)
    ).first()


def seed_invoice(ctx: Context, spec: DemoInvoice, issued: date) -> Document:
    """The demo invoice of a regime, posted (and partly paid where the spec says so)."""
    existing = demo_document(ctx, spec.key)
    if existing is not None:
        return existing
    header = dict(spec.header)
    if spec.delivered_days_before is not None:
        header["delivery_date"] = issued - timedelta(days=spec.delivered_days_before)
    document = create_document(
        ctx, "invoice", customer_id(ctx, spec.customer), lines=spec.lines,
        vat_regime=spec.regime, issue_date=issued, **header,
    )
    document.internal_note = MARK + spec.key
    post_document(ctx, document)
    if spec.paid is not None and not ctx.call(
        "demo_payment", document_id=document.id, amount=spec.paid, day=issued
    ):
        apply_payment(ctx, document, spec.paid)
    if spec.paid_in_full:
        apply_payment(ctx, document, document.total_incl_vat)
    return document


def seed_credit_note(ctx: Context, invoice: Document, issued: date) -> Document:
    """A posted credit note for one of the books of the standard invoice."""
    existing = demo_document(ctx, CREDIT_KEY)
    if existing is not None:
        return existing
    books = next(line for line in invoice.lines if line.description.startswith("Vakboek"))
    note = create_credit_note(ctx, invoice, {books.id: Decimal(1)}, issue_date=issued,
                              notes="Eén boek teruggenomen.")
    note.internal_note = MARK + CREDIT_KEY
    post_document(ctx, note)
    return note


def seed_history(app: Kernel, tenant: Tenant, issued: date | None = None) -> None:
    """The invoices of earlier weeks (`HISTORY`), once; run before `seed_documents`, as
    invoices are numbered in date order."""
    day = issued or date.today()
    with app.tenant_context(tenant.id, write=True) as ctx:
        seed_company(ctx)
    for spec in HISTORY:
        try:
            with app.tenant_context(tenant.id, write=True) as ctx:
                seed_invoice(ctx, spec, day - timedelta(days=spec.issued_days_before))
        except ValidationFailed:
            pass  # a demo made before these existed has later invoices numbered already


def seed_addon_data(app: Kernel, tenant: Tenant) -> None:
    """The active addons' share of the demo (the `demo_data` hook), with the PDFs."""
    with app.tenant_context(tenant.id, write=True) as ctx:
        ctx.call("demo_data")
    store_missing_pdfs(app, tenant.id)


def seed_documents(app: Kernel, tenant: Tenant, issued: date | None = None) -> None:
    """Company details, customers, an invoice of every regime and a credit note (once)."""
    day = issued or date.today()
    with app.tenant_context(tenant.id, write=True) as ctx:
        seed_company(ctx)
    invoices: dict[str, Document] = {}
    for spec in INVOICES:
        with app.tenant_context(tenant.id, write=True) as ctx:
            invoices[spec.key] = seed_invoice(ctx, spec, day)
    with app.tenant_context(tenant.id, write=True) as ctx:
        invoice = ctx.session.get(Document, invoices[CREDITED_KEY].id)
        assert invoice is not None
        seed_credit_note(ctx, invoice, day)
    store_missing_pdfs(app, tenant.id)
