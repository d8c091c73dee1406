"""Hooks of the base sample: records calls so tests can see who was reached."""

from __future__ import annotations

from typing import Any

from core import hookimpl

CALLS: list[tuple[str, int]] = []


@hookimpl
def addon_activated(ctx: Any) -> None:
    CALLS.append(("activated", ctx.tenant_id))


@hookimpl
def addon_deactivated(ctx: Any) -> None:
    CALLS.append(("deactivated", ctx.tenant_id))


@hookimpl
def addon_settings_validate(ctx: Any, addon_id: str, settings: dict[str, Any]) -> dict[str, str]:
    if addon_id == "sample_base" and settings.get("limit", 0) > 100:
        return {"limit": "at most 100"}
    return {}


@hookimpl
def number_pattern(ctx: Any, sequence: Any) -> str | None:
    return "BASE(3)"
