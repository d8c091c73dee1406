"""The confirmation step before anything irreversible or far-reaching.

A GET on an action's URL shows what will happen; the form on that page POSTs to the same URL
to do it. With htmx the page comes without the layout, ready for a dialog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import HTMLResponse

from core.context import Context
from core.web.pages import render


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says and where its buttons go."""

    title: str
    message: str
    action: str
    confirm_label: str
    cancel_url: str
    groups: Sequence[tuple[str, Sequence[str]]] = ()  # (heading, items) lists of what changes
    notes: Sequence[str] = ()
    fields: Mapping[str, str] = field(default_factory=dict)  # hidden fields posted along
    inputs: Sequence[tuple[str, str]] = ()  # (name, label) of optional text fields to fill
    danger: bool = False


def confirm_page(
    request: Request, ctx: Context, confirmation: Confirmation, status_code: int = 200
) -> HTMLResponse:
    """Render the confirmation page (`confirm.html`)."""
    return render(
        request, ctx, "confirm.html",
        {"title": confirmation.title, "confirmation": confirmation}, status_code=status_code,
    )
