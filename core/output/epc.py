"""SEPA credit transfer QR codes (EPC069-12, "GiroCode"/"scan to pay").

The payload is the EPC069-12 version 002 text: `BCD`, `002`, character set `1` (UTF-8),
`SCT`, BIC, beneficiary name (≤ 70), IBAN, `EUR<amount>`, purpose (4 letters), structured
reference (≤ 35: for a Belgian invoice the 12 digits of its structured communication) or
unstructured text (≤ 140). The QR image itself is made by `segno.helpers.make_epc_qr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import segno
import segno.helpers
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError

from core.output.view import Payment

MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
NAME_MAX = 70
REFERENCE_MAX = 35
TEXT_MAX = 140


class EpcError(ValueError):
    """The data cannot make a valid EPC QR code; the message says which field and why."""


@dataclass(frozen=True)
class Transfer:
    """A validated SEPA credit transfer, ready to encode."""

    name: str
    iban: str
    amount: Decimal
    bic: str = ""
    reference: str = ""
    text: str = ""
    purpose: str = ""

    def payload(self) -> str:
        """The EPC069-12 payload text (lines joined by LF, trailing empty lines dropped)."""
        fields = [
            "BCD",
            "002",
            "1",
            "SCT",
            self.bic,
            self.name,
            self.iban,
            format_amount(self.amount),
            self.purpose,
            self.reference,
            self.text,
        ]
        while fields and not fields[-1]:
            fields.pop()
        return "\n".join(fields)

    def qr(self) -> segno.QRCode:
        """The QR code (error correction level M, as the standard requires)."""
        return segno.helpers.make_epc_qr(
            name=self.name,
            iban=self.iban,
            amount=self.amount,
            text=self.text or None,
            reference=self.reference or None,
            bic=self.bic or None,
            purpose=self.purpose or None,
            encoding="utf-8",
        )


def format_amount(amount: Decimal) -> str:
    """`EUR` and the amount with at most two decimals, no trailing zeros (`EUR12.3`)."""
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return f"EUR{text}"


def transfer(
    *,
    name: str,
    iban: str,
    amount: Decimal,
    bic: str = "",
    structured_communication: str = "",
    text: str = "",
    purpose: str = "",
) -> Transfer:
    """Validate the fields of a transfer; raise `EpcError` naming the bad one.

    `structured_communication` is a Belgian OGM/VCS in any notation (`+++010/8068/17183+++`
    or the 12 digits); it becomes the structured reference. Without one, `text` is the
    unstructured remittance. A name longer than 70 characters is shortened, as banks do.
    """
    try:
        iban = stdnum_iban.validate(iban)
    except ValidationError as exc:
        raise EpcError(f"IBAN {iban!r} is not valid: {exc}") from exc
    if bic:
        try:
            bic = stdnum_bic.validate(bic)
        except ValidationError as exc:
            raise EpcError(f"BIC {bic!r} is not valid: {exc}") from exc
    name = " ".join(name.split())[:NAME_MAX].rstrip()
    if not name:
        raise EpcError("the beneficiary name is empty")
    amount = Decimal(amount)
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise EpcError(f"amount {amount} is outside {MIN_AMOUNT}–{MAX_AMOUNT}")
    if amount != amount.quantize(Decimal("0.01")):
        raise EpcError(f"amount {amount} has more than two decimals")
    reference = ""
    if structured_communication:
        try:
            reference = ogm_vcs.validate(structured_communication)
        except ValidationError as exc:
            raise EpcError(
                f"structured communication {structured_communication!r} is not valid: {exc}"
            ) from exc
        text = ""
    text = " ".join(text.split())
    if not reference and not text:
        raise EpcError("a structured communication or a payment text is required")
    if len(text) > TEXT_MAX:
        raise EpcError(f"the payment text has {len(text)} characters; at most {TEXT_MAX}")
    if purpose and not re.fullmatch(r"[A-Z]{4}", purpose):
        raise EpcError(f"purpose {purpose!r} is not a four-letter ISO 20022 code")
    return Transfer(name, iban, amount, bic, reference, text, purpose)


def payment_transfer(payment: Payment) -> Transfer | None:
    """The transfer for a document's payment block; None when there is nothing to pay, or
    when the document is not in euro (an EPC transfer is a SEPA credit transfer in euro)."""
    if payment.currency != "EUR":
        return None
    if not payment.show_qr or not payment.iban or payment.amount < MIN_AMOUNT:
        return None
    return transfer(
        name=payment.beneficiary,
        iban=payment.iban,
        amount=payment.amount,
        bic=payment.bic,
        structured_communication=payment.structured_communication,
        text=payment.reference_text,
    )


def payload(**fields: object) -> str:
    """The EPC payload text of a transfer given by the keyword fields of `transfer`."""
    return transfer(**fields).payload()  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def data_uri(item: Transfer, kind: str = "png", scale: int = 4) -> str:
    """The QR code as a `data:` URI, PNG (for the PDF renderer) or SVG (for web pages)."""
    qr = item.qr()
    if kind == "png":
        return qr.png_data_uri(scale=scale, border=2)
    if kind == "svg":
        return qr.svg_data_uri(scale=scale, border=2)
    raise ValueError(f"unknown image kind {kind!r}: png or svg")
