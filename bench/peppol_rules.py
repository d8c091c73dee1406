"""Cost of the official rules on an e-invoice: compiling them once per process, then checking
one document (UBL 2.1 schema, EN 16931 and PEPPOL BIS stylesheets). The document is a
reverse-charge invoice of two lines, without PDF. Run: `.venv/bin/python bench/peppol_rules.py`.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

from addons.peppol import official
from addons.peppol.endpoints import Endpoint
from addons.peppol.model import Party, PaymentInfo, TaxGroup, UblDocument, UblLine
from addons.peppol.ubl import to_xml

DOCUMENTS = 300


def sample() -> bytes:
    """A small valid e-invoice."""
    seller = Party("Demo BV", Endpoint("0208", "0876543270"), "BE", "Kerkstraat 12", "9000",
                   "Gent", "BE0876543270", Endpoint("0208", "0876543270"))
    buyer = Party("Renovatie Claes BV", Endpoint("0208", "0555123476"), "BE",
                  vat_number="BE0555123476", legal_id=Endpoint("0208", "0555123476"))
    lines = (
        UblLine(1, "Plaatsen van ramen", "", Decimal(12), "HUR", Decimal(55), Decimal("660.00"),
                "AE", Decimal(0)),
        UblLine(2, "Ramen", "PVC", Decimal(6), "H87", Decimal(310), Decimal("1860.00"), "AE",
                Decimal(0)),
    )
    return to_xml(UblDocument(
        credit=False, number="F20260003", issue_date=date(2026, 3, 2), currency="EUR",
        seller=seller, buyer=buyer, lines=lines,
        tax_groups=(TaxGroup("AE", Decimal(0), Decimal("2520.00"), Decimal("0.00"),
                             "VATEX-EU-AE", "Btw verlegd"),),
        line_total=Decimal("2520.00"), tax_total=Decimal("0.00"), total=Decimal("2520.00"),
        due_date=date(2026, 4, 1), buyer_reference="C00003",
        payment=PaymentInfo("BE71096123456769", "Demo BV", "GKCCBEBB", "002026000301"),
    ))


def main() -> None:
    xml = sample()
    started = time.perf_counter()
    report = official.check(xml)
    first = time.perf_counter() - started
    assert report.valid, report.fatal
    started = time.perf_counter()
    for _ in range(DOCUMENTS):
        official.check(xml)
    each = (time.perf_counter() - started) / DOCUMENTS
    print(f"official rules: first check (compiles) {first:.2f} s; then {each * 1000:.1f} ms "
          f"per document ({DOCUMENTS} documents, {1 / each:.0f} documents/s)")


if __name__ == "__main__":
    main()
