"""The folder transport: whole files only, named by the document number, errors explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from addons.peppol.errors import PeppolError
from addons.peppol.transport import FolderDrop, Transport, document_number

INVOICE = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    b'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
    b"<cbc:ID>%s</cbc:ID></Invoice>"
)


def test_each_e_invoice_lands_whole_under_its_number(tmp_path: Path) -> None:
    transport: Transport = FolderDrop(tmp_path / "outbox")
    first = transport.send(7, INVOICE % b"F2026/0007")
    target = tmp_path / "outbox" / "F2026_0007.xml"
    assert first.reference == str(target) and first.document_id == 7
    assert first.transport == "folder"
    assert target.read_bytes() == INVOICE % b"F2026/0007"
    again = transport.send(7, INVOICE % b"F2026/0007")
    assert again.sent_at >= first.sent_at
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == ["F2026_0007.xml"]


def test_a_folder_that_cannot_be_written_is_reported_and_leaves_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(PeppolError, match="could not be written"):
        FolderDrop(blocked / "outbox").send(1, INVOICE % b"F20260001")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]


def test_the_number_is_read_from_the_document() -> None:
    assert document_number(INVOICE % b" CN20260004 ") == "CN20260004"
    with pytest.raises(PeppolError, match="no number"):
        document_number(INVOICE % b"")
