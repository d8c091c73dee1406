"""Belgian checks the official rules cannot see, run on the finished XML.

The EN 16931 and PEPPOL BIS rules (`addons.peppol.official`) check the sums, the VAT
categories, the code lists and the `0208` check digits; they do not know the Belgian
structured communication, whose check digits (mod 97) a bank verifies before it matches the
payment, and they let a credit note go without the invoice it corrects, which Belgian law
requires it to name. Both are refused here.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from stdnum.be import ogm_vcs

from addons.peppol.ubl import CAC, CBC

NS = {"cac": CAC, "cbc": CBC}


@dataclass(frozen=True)
class Violation:
    """A rule the document breaks."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def check(xml: bytes | etree._Element) -> list[Violation]:
    """Every Belgian rule the UBL document breaks; an empty list when it passes them all."""
    root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    broken = []
    if etree.QName(root).localname == "CreditNote" and not "".join(root.xpath(
        "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()", namespaces=NS
    )).strip():
        broken.append(Violation("BE-CREDIT-REF", "a credit note names the invoice it credits"))
    for payment_id in root.xpath("cac:PaymentMeans/cbc:PaymentID/text()", namespaces=NS):
        reference = payment_id.strip()
        if reference.isdigit() and not ogm_vcs.is_valid(reference):
            broken.append(Violation("BE-OGM", f"{reference} is not a valid structured "
                                              "communication"))
    return broken
