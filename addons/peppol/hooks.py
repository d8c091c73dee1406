"""Hook implementations of the PEPPOL addon."""

from __future__ import annotations

from typing import Any

from addons.peppol.cli import cli
from addons.peppol.service import DROP_FOLDER, document_ubl, folder_problem
from addons.peppol.web import document_panel, routes
from core.api import ExportFormat, hookimpl

ADDON_ID = "peppol"


@hookimpl
def facturo_routes() -> list[Any]:
    """A document's e-invoice and sending it, under /apps/peppol/."""
    return list(routes)


@hookimpl
def ui_slot(ctx: Any, name: str, obj: Any) -> str | None:
    """The e-invoice panel on the page of a posted invoice or credit note."""
    if name != "document.detail.panels" or obj is None:
        return None
    return document_panel(ctx, obj)


@hookimpl
def addon_settings_validate(ctx: Any, addon_id: str, settings: dict[str, Any]) -> dict[str, str]:
    """The drop folder is empty (not set) or a full path."""
    if addon_id != ADDON_ID:
        return {}
    problem = folder_problem(settings.get(DROP_FOLDER))
    return {DROP_FOLDER: problem} if problem else {}


@hookimpl
def facturo_export_formats() -> list[ExportFormat]:
    """`facturo documents export --format ubl`: checked PEPPOL e-invoices."""
    return [ExportFormat("ubl", ".xml", document_ubl, "PEPPOL e-invoice (UBL)")]


@hookimpl
def facturo_cli(app: Any) -> None:
    """`facturo peppol check FILE...`: the official rules on UBL files."""
    app.add_typer(cli, name="peppol")
