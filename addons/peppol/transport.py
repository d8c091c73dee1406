"""How an e-invoice leaves: a transport takes the XML and answers with a receipt.

`FolderDrop` hands e-invoices to an access point that watches a folder: each one is written
as `<number>.xml`, first to a hidden temporary file in the same folder and then renamed, so
the watcher never sees half a file. Sending the same document again replaces its file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from addons.peppol.errors import MSG_FOLDER, MSG_NO_NUMBER, PeppolError
from addons.peppol.source import safe_filename
from addons.peppol.translation import _
from addons.peppol.ubl import CBC
from core.api import UnsafeXML, parse_xml


@dataclass(frozen=True)
class Receipt:
    """Proof that a transport took an e-invoice: where it went and when."""

    transport: str
    document_id: int
    reference: str
    sent_at: datetime


class Transport(Protocol):
    """Something that delivers e-invoices (a folder, an access point's API, ...)."""

    def send(self, document_id: int, xml_bytes: bytes) -> Receipt:
        """Deliver one e-invoice; raise `PeppolError` when it could not be delivered."""
        ...


def document_number(xml_bytes: bytes) -> str:
    """The number (`cbc:ID`) of a UBL invoice or credit note."""
    try:
        root = parse_xml(xml_bytes)
    except UnsafeXML as exc:
        raise PeppolError(str(exc)) from None
    found = root.find(f"{{{CBC}}}ID")
    if found is None or not (found.text or "").strip():
        raise PeppolError(_(MSG_NO_NUMBER))
    return found.text.strip()


class FolderDrop:
    """Write each e-invoice as `<number>.xml` into a folder, atomically."""

    name = "folder"

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def send(self, document_id: int, xml_bytes: bytes) -> Receipt:
        """Write the file (temporary file, flushed to disk, then renamed into place)."""
        target = self.folder / f"{safe_filename(document_number(xml_bytes))}.xml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=self.folder, prefix=f".{target.stem}.", suffix=".part"
            )
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(xml_bytes)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            _sync_folder(self.folder)
        except OSError as exc:
            raise PeppolError(
                _(MSG_FOLDER) % {"folder": self.folder, "reason": exc.strerror or exc}
            ) from None
        return Receipt(self.name, document_id, str(target), datetime.now(UTC))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
