"""A sample invoice view: for theme previews, the PDF benchmark and the tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core.output.view import (
    Address,
    Buyer,
    DocumentView,
    Line,
    Payment,
    Seller,
    VatTotal,
)

CENT = Decimal("0.01")
SAMPLE_SELLER = Seller(
    name="Bakkerij Janssens BV",
    address=Address("Kerkstraat 12", "9000", "Gent"),
    vat_number="BE0123456749",
    email="info@janssens.example",
    phone="+32 9 123 45 67",
    iban="BE71 0961 2345 6769",
    bic="GKCCBEBB",
)
SAMPLE_BUYER = Buyer(
    name="Brasserie Le Coin SRL",
    address=Address("Rue Haute 5", "1000", "Bruxelles"),
    attention="Marie Dubois",
    vat_number="BE0987654394",
    customer_number="C00042",
)
_PRODUCTS = (
    ("Volkorenbrood", Decimal("3.20"), Decimal("6")),
    ("Croissant", Decimal("1.15"), Decimal("6")),
    ("Taart op bestelling", Decimal("28.50"), Decimal("6")),
    ("Levering", Decimal("12.00"), Decimal("21")),
    ("Koffiebonen 1 kg", Decimal("18.75"), Decimal("21")),
)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def sample_lines(count: int) -> tuple[Line, ...]:
    """`count` priced lines, with a subtitle every ten lines and a text line every fifteen."""
    lines: list[Line] = []
    for index in range(count):
        if index % 10 == 0:
            lines.append(Line.subtitle(f"Week {index // 10 + 1}"))
        name, price, rate = _PRODUCTS[index % len(_PRODUCTS)]
        quantity = Decimal(index % 7 + 1)
        lines.append(
            Line.item(
                name, quantity, price, _money(quantity * price), f"{rate} %",
                code=f"P{index % len(_PRODUCTS) + 1:03d}", unit="st",
            )
        )
        if index % 15 == 14:
            lines.append(Line.text("Levering aan de achteringang, vóór 7 uur."))
    return tuple(lines)


def sample_view(
    *,
    line_count: int = 8,
    language: str = "nl",
    theme: str = "default",
    structured_communication: str = "+++010/8068/17183+++",
    legal_mentions: tuple[str, ...] = (),
    issue_date: date = date(2026, 3, 2),
) -> DocumentView:
    """An invoice with consistent totals (per rate, EN 16931 rounding)."""
    lines = sample_lines(line_count)
    bases: dict[Decimal, Decimal] = {}
    for line in lines:
        if line.net_amount is not None:
            rate = Decimal(line.vat_label.split()[0])
            bases[rate] = bases.get(rate, Decimal("0")) + line.net_amount
    vat_totals = tuple(
        VatTotal(f"{rate} %", base, _money(base * rate / 100), rate)
        for rate, base in sorted(bases.items())
    )
    total_net = sum((v.base for v in vat_totals), Decimal("0"))
    total_vat = sum((v.vat for v in vat_totals), Decimal("0"))
    due = issue_date + timedelta(days=30)
    view = DocumentView(
        kind="invoice",
        number="F20260042",
        issue_date=issue_date,
        due_date=due,
        language=language,
        seller=SAMPLE_SELLER,
        buyer=SAMPLE_BUYER,
        lines=lines,
        vat_totals=vat_totals,
        total_net=total_net,
        total_vat=total_vat,
        total=total_net + total_vat,
        legal_mentions=legal_mentions,
        theme=theme,
    )
    payment = Payment(
        iban=SAMPLE_SELLER.iban,
        bic=SAMPLE_SELLER.bic,
        beneficiary=SAMPLE_SELLER.name,
        amount=view.total,
        due_date=due,
        structured_communication=structured_communication,
    )
    return replace(view, payment=payment)
