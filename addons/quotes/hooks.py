"""Hook implementations of the quotes addon."""

from __future__ import annotations

from typing import Any

from addons.quotes.kinds import KINDS, PATTERNS
from addons.quotes.service import accept_on_conversion
from addons.quotes.translation import _
from addons.quotes.web import routes
from core.api import DocumentKind, MenuItem, hookimpl
from core.api import number_sequence as sequence


@hookimpl
def facturo_document_kinds() -> list[DocumentKind]:
    """Quotes and order confirmations."""
    return list(KINDS)


@hookimpl
def addon_activated(ctx: Any) -> None:
    """Start the numbering series with their patterns (an existing series is left as is)."""
    for key, pattern in PATTERNS.items():
        sequence(ctx.session, key, pattern)


@hookimpl
def document_converted(ctx: Any, source: Any, target: Any) -> None:
    """A quote converted without an answer counts as accepted."""
    accept_on_conversion(ctx, source)


@hookimpl
def facturo_routes() -> list[Any]:
    """The quotes pages, under /apps/quotes/."""
    return routes()


@hookimpl
def facturo_menu(ctx: Any) -> list[MenuItem]:
    """"Quotes" in the main menu."""
    return [MenuItem(label=_("Quotes"), url="/apps/quotes/", icon="file-text", order=150)]
