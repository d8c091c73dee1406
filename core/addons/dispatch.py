"""Per-tenant hook dispatch: one plugin manager per distinct set of active addons, cached.

Tenants on the same set of addons share a manager, so the cost of a hook call does not grow
with the number of tenants; the cache key is the set itself, so switching an addon on or off
invalidates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pluggy

from core.addons.catalogue import Catalogue, new_plugin_manager
from core.addons.errors import HookError

log = logging.getLogger(__name__)


class Dispatcher:
    """Hands out the plugin manager for a set of active addons."""

    def __init__(self, catalogue: Catalogue, cache_size: int = 512) -> None:
        self.catalogue = catalogue
        self.manager_for = lru_cache(maxsize=cache_size)(self._build)

    def _build(self, active: frozenset[str]) -> pluggy.PluginManager:
        manager = new_plugin_manager()
        for addon_id in self.catalogue.sorted_ids(active):
            manager.register(self.catalogue.addons[addon_id].plugin, name=addon_id)
        return manager


def _culprit(caller: pluggy.HookCaller, exc: BaseException) -> str:
    codes = {impl.function.__code__: impl.plugin_name for impl in caller.get_hookimpls()}
    tb = exc.__traceback__
    while tb is not None:
        addon = codes.get(tb.tb_frame.f_code)
        if addon is not None:
            return addon
        tb = tb.tb_next
    return "unknown"


def call_hook(manager: pluggy.PluginManager, name: str, /, **kwargs: Any) -> Any:
    """Call a business hook; an exception becomes a HookError naming the addon and the hook."""
    caller: pluggy.HookCaller = getattr(manager.hook, name)
    try:
        return caller(**kwargs)
    except HookError:
        raise
    except Exception as exc:
        raise HookError(_culprit(caller, exc), name, exc) from exc


def _call_impl(impl: Any, kwargs: dict[str, Any]) -> Any:
    return impl.function(*(kwargs[arg] for arg in impl.argnames))


def collect_fragments(
    manager: pluggy.PluginManager, name: str, /, **kwargs: Any
) -> list[tuple[str, Any]]:
    """Call a UI hook implementation by implementation; one that raises is logged and skipped."""
    caller: pluggy.HookCaller = getattr(manager.hook, name)
    results: list[tuple[str, Any]] = []
    for impl in reversed(caller.get_hookimpls()):
        try:
            result = _call_impl(impl, kwargs)
        except Exception:
            log.exception("addon %r: UI hook %r failed; left out", impl.plugin_name, name)
            continue
        if result is not None:
            results.append((impl.plugin_name, result))
    return results


def call_own(
    manager: pluggy.PluginManager, addon_id: str, name: str, /, **kwargs: Any
) -> None:
    """Call only the given addon's implementation of a hook (lifecycle hooks)."""
    caller: pluggy.HookCaller = getattr(manager.hook, name)
    for impl in caller.get_hookimpls():
        if impl.plugin_name == addon_id:
            try:
                _call_impl(impl, kwargs)
            except Exception as exc:
                raise HookError(addon_id, name, exc) from exc


def per_addon(
    manager: pluggy.PluginManager, name: str, /, **kwargs: Any
) -> Iterable[tuple[str, Any]]:
    """Each addon's result of a registration hook, with the addon's id."""
    caller: pluggy.HookCaller = getattr(manager.hook, name)
    for impl in caller.get_hookimpls():
        try:
            result = _call_impl(impl, kwargs)
        except Exception as exc:
            raise HookError(impl.plugin_name, name, exc) from exc
        if result is not None:
            yield impl.plugin_name, result
