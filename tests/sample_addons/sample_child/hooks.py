"""Hooks of the child sample: overrides the base's numbering pattern, can be told to fail."""

from __future__ import annotations

from typing import Any

from core import hookimpl

FAIL = {"document_posted": False, "ui_slot": False}


@hookimpl
def number_pattern(ctx: Any, sequence: Any) -> str | None:
    return "CHILD(3)"


@hookimpl
def document_posted(ctx: Any, document: Any) -> None:
    if FAIL["document_posted"]:
        raise RuntimeError("child refuses")


@hookimpl
def ui_slot(ctx: Any, name: str, obj: Any) -> str | None:
    if FAIL["ui_slot"]:
        raise RuntimeError("broken panel")
    return f"<p>child {name}</p>"
