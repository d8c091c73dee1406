"""Hooks of the other sample: a UI slot that always works."""

from __future__ import annotations

from typing import Any

from core import hookimpl


@hookimpl
def ui_slot(ctx: Any, name: str, obj: Any) -> str | None:
    return f"<p>other {name}</p>"
