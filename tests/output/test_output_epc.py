"""The SEPA payment QR code (EPC069-12): payload fields, validation, and the scanned image."""

from __future__ import annotations

import base64
import shutil
import subprocess
from decimal import Decimal

import pytest

from core.output import epc
from core.output.view import Payment

IBAN = "BE71 0961 2345 6769"


def fields(payload: str) -> list[str]:
    return payload.split("\n")


def test_payload_with_structured_communication_has_every_field_in_place():
    payload = epc.payload(
        name="Bakkerij Janssens BV",
        iban=IBAN,
        bic="GKCCBEBB",
        amount=Decimal("327.08"),
        structured_communication="+++010/8068/17183+++",
    )
    assert fields(payload) == [
        "BCD",  # service tag
        "002",  # version
        "1",  # character set: UTF-8
        "SCT",  # SEPA credit transfer
        "GKCCBEBB",
        "Bakkerij Janssens BV",
        "BE71096123456769",  # IBAN, compact
        "EUR327.08",
        "",  # purpose
        "010806817183",  # the OGM digits as structured reference
    ]


def test_payload_with_text_instead_of_reference():
    payload = epc.payload(name="Janssens", iban=IBAN, amount=Decimal("12.30"),
                          text="Invoice F2026-7", purpose="GDDS")
    assert fields(payload)[4:] == ["", "Janssens", "BE71096123456769", "EUR12.3", "GDDS", "",
                                   "Invoice F2026-7"]


def test_long_beneficiary_name_is_shortened_to_70_characters():
    transfer = epc.transfer(name="N" * 90, iban=IBAN, amount=Decimal("1"), text="x")
    assert len(transfer.name) == 70
    assert fields(transfer.payload())[5] == "N" * 70


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"iban": "BE71 0961 2345 6760"}, "IBAN"),
        ({"bic": "GKCC"}, "BIC"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("1000000000")}, "amount"),
        ({"amount": Decimal("1.005")}, "two decimals"),
        ({"structured_communication": "+++010/8068/17184+++"}, "structured communication"),
        ({"text": "x" * 141}, "140"),
        ({"text": "", "structured_communication": ""}, "required"),
        ({"name": "   "}, "name"),
        ({"purpose": "gdds"}, "purpose"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(change, message):
    values = {"name": "Janssens", "iban": IBAN, "amount": Decimal("10"), "text": "ok"}
    values.update(change)
    with pytest.raises(epc.EpcError, match=message):
        epc.transfer(**values)


def test_no_qr_when_nothing_is_to_be_paid():
    paid = Payment(iban=IBAN, beneficiary="Janssens", amount=Decimal("0"),
                   structured_communication="010806817183")
    assert epc.payment_transfer(paid) is None
    no_account = Payment(iban="", beneficiary="Janssens", amount=Decimal("5"))
    assert epc.payment_transfer(no_account) is None


def test_data_uris_are_png_and_svg():
    transfer = epc.transfer(name="Janssens", iban=IBAN, amount=Decimal("5"), text="t")
    assert epc.data_uri(transfer).startswith("data:image/png;base64,")
    assert epc.data_uri(transfer, "svg").startswith("data:image/svg+xml")
    with pytest.raises(ValueError, match="png or svg"):
        epc.data_uri(transfer, "gif")


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (Debian zbar-tools) absent")
def test_scanned_image_gives_back_the_payload(tmp_path):
    transfer = epc.transfer(
        name="Brouwerij De Klok CommV", iban="BE43 0689 9999 9501", bic="GKCCBEBB",
        amount=Decimal("1234.56"), structured_communication="010806817183",
    )
    image = tmp_path / "qr.png"
    image.write_bytes(base64.b64decode(epc.data_uri(transfer).split(",", 1)[1]))
    scanned = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True,
                             text=True, check=True).stdout
    assert scanned.rstrip("\n") == transfer.payload()
