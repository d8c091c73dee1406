"""The navigation menu: core entries plus what active addons add through `facturo_menu`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.context import Context

MAIN = "main"
SETTINGS = "settings"
SECTIONS = (MAIN, SETTINGS)


@dataclass(frozen=True)
class MenuItem:
    """One menu entry. `label` is already translated (build it inside the hook with `_`)."""

    label: str
    url: str
    icon: str = "dot"
    order: int = 500
    section: str = MAIN
    admin_only: bool = False


MenuSource = Callable[["Context"], Iterable[MenuItem]]


def build_menu(ctx: Context, core_sources: Iterable[MenuSource]) -> dict[str, list[MenuItem]]:
    """The entries the user may see, grouped by section and sorted by order then label."""
    items: list[MenuItem] = []
    for source in core_sources:
        items.extend(source(ctx))
    for _addon_id, answer in ctx.fragments("facturo_menu"):
        items.extend(item for item in answer if isinstance(item, MenuItem))
    may_administer = ctx.role is not None and ctx.role.can_administer
    grouped: dict[str, list[MenuItem]] = {section: [] for section in SECTIONS}
    for item in items:
        if item.admin_only and not may_administer:
            continue
        grouped.setdefault(item.section, []).append(item)
    for entries in grouped.values():
        entries.sort(key=lambda item: (item.order, item.label))
    return {section: entries for section, entries in grouped.items() if entries}


def current(items: Iterable[MenuItem], path: str) -> str | None:
    """The URL of the entry the path falls under (the longest matching prefix)."""
    best: str | None = None
    for item in items:
        url = item.url
        matches = path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))
        if matches and (best is None or len(url) > len(best)):
            best = url
    return best
