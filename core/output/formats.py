"""File formats a posted document can be exported in: PDF in core, more from addons.

Addons contribute formats through the `facturo_export_formats()` registration hook (the
PEPPOL addon adds `ubl`); a format of an addon that is off for a tenant cannot be used by it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from core.addons.dispatch import per_addon
from core.addons.errors import AddonError
from core.contract.contributions import ExportFormat
from core.contract.records import DocumentRecord
from core.documents.state import load
from core.output.adapter import build_view
from core.output.pdf import render_pdf
from core.output.stored import file_bytes, pdf_kind, stored_file

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.context import Context


def _stored_or_rendered_pdf(ctx: Context, record: DocumentRecord) -> bytes:
    document = load(ctx, record.id)
    found = stored_file(ctx, document.id, pdf_kind(ctx, document))
    return file_bytes(found) if found is not None else render_pdf(build_view(ctx, document))


PDF = ExportFormat("pdf", ".pdf", _stored_or_rendered_pdf, "PDF, as stored when posted")

CORE_FORMATS = (PDF,)


def export_formats(catalogue: Catalogue) -> dict[str, ExportFormat]:
    """Every export format of the deployment by name: core ones, then the addons'."""
    formats = {fmt.name: fmt for fmt in CORE_FORMATS}
    for addon_id, declared in per_addon(catalogue.manager, "facturo_export_formats"):
        for fmt in declared:
            if not isinstance(fmt, ExportFormat):
                raise AddonError(addon_id, f"facturo_export_formats returned {fmt!r}")
            if fmt.name in formats:
                raise AddonError(addon_id, f"export format {fmt.name!r} is declared twice")
            formats[fmt.name] = dataclasses.replace(fmt, addon_id=addon_id)
    return formats
