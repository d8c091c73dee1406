"""Hook implementations of the PEPPOL addon."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute
from typer import Typer

from addons.peppol.cli import cli
from addons.peppol.service import DROP_FOLDER, folder_problem, record_ubl
from addons.peppol.web import document_panel, routes
from core.api import Context, ExportFormat, hookimpl, load_document

ADDON_ID = "peppol"


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """A document's e-invoice and sending it, under /apps/peppol/."""
    return list(routes)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The e-invoice panel on the page of a posted invoice or credit note."""
    if name != "document.detail.panels" or obj is None:
        return None
    return document_panel(ctx, load_document(ctx, obj.id))


@hookimpl
def addon_settings_validate(
    ctx: Context, addon_id: str, settings: dict[str, Any]
) -> dict[str, str]:
    """The drop folder is empty (not set) or a full path."""
    if addon_id != ADDON_ID:
        return {}
    problem = folder_problem(settings.get(DROP_FOLDER))
    return {DROP_FOLDER: problem} if problem else {}


@hookimpl
def facturo_export_formats() -> list[ExportFormat]:
    """`facturo documents export --format ubl`: checked PEPPOL e-invoices."""
    return [ExportFormat("ubl", ".xml", record_ubl, "PEPPOL e-invoice (UBL)")]


@hookimpl
def facturo_cli(app: Typer) -> None:
    """`facturo peppol check FILE...`: the official rules on UBL files."""
    app.add_typer(cli, name="peppol")
