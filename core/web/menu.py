"""The navigation menu: core entries plus what active addons add through `facturo_menu`.

A menu depends only on the set of active addons, the language and whether the user may
administer, so it is built once per such combination and kept (`MenuCache`). The key is the
active set itself, read from the database on every request: switching an addon on or off,
here or in another process, gives the next request another key, never a stale menu.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from core.contract.contributions import MenuItem

if TYPE_CHECKING:
    from core.context import Context

MAIN = "main"
SETTINGS = "settings"
SECTIONS = (MAIN, SETTINGS)


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


MenuKey = tuple[frozenset[str], str, bool]


class MenuCache:
    """Menus by (active addons, language, may administer), the least recently used dropped."""

    def __init__(self, core_sources: Iterable[MenuSource], size: int = 512) -> None:
        self.core_sources = list(core_sources)
        self.size = size
        self._menus: OrderedDict[MenuKey, dict[str, list[MenuItem]]] = OrderedDict()

    def menu(self, ctx: Context) -> dict[str, list[MenuItem]]:
        """The menu of the context's tenant and user (shared: read it, do not change it)."""
        key = (ctx.active, ctx.language, ctx.role is not None and ctx.role.can_administer)
        found = self._menus.get(key)
        if found is None:
            found = build_menu(ctx, self.core_sources)
            self._menus[key] = found
            if len(self._menus) > self.size:
                self._menus.popitem(last=False)
        else:
            self._menus.move_to_end(key)
        return found


def current(items: Iterable[MenuItem], path: str) -> str | None:
    """The URL of the entry the path falls under (the longest matching prefix)."""
    best: str | None = None
    for item in items:
        url = item.url
        matches = path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))
        if matches and (best is None or len(url) > len(best)):
            best = url
    return best
