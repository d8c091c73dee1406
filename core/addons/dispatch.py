"""Per-tenant hook dispatch: one plugin manager per distinct set of active addons, cached.

Tenants on the same set of addons share a manager, so the cost of a hook call does not grow
with the number of tenants; the cache key is the set itself, so switching an addon on or off
invalidates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from types import ModuleType, SimpleNamespace
from typing import Any

import pluggy

from core import PROJECT_NAME, hookimpl, hookspecs
from core.addons.catalogue import Catalogue, new_plugin_manager
from core.addons.errors import AddonBroken, HookError

log = logging.getLogger(__name__)

#: Tenant hooks a broken addon is left out of: registration, UI, read-only and lifecycle
#: hooks, and what runs after a commit. Every other tenant hook fails closed.
NOT_FAIL_CLOSED = frozenset({
    "facturo_routes", "facturo_document_kinds", "facturo_export_formats", "facturo_cli",
    "facturo_jobs", "facturo_menu",
    "ui_slot", "contact_panels", "document_pdf_blocks", "document_hides_prices",
    "product_choices", "addon_activated", "addon_deactivated", "addon_settings_validate",
    "document_posted_committed",
})


def fail_closed_hooks(published: Iterable[ModuleType] = ()) -> list[str]:
    """The hooks (core and published by addons) a broken, active addon makes fail."""
    marker = f"{PROJECT_NAME}_spec"
    return sorted(
        name
        for module in (hookspecs, *published)
        for name, value in vars(module).items()
        if hasattr(value, marker) and name not in NOT_FAIL_CLOSED
    )


def _refusal(addon_id: str, hook: str, reason: str) -> Callable[[], None]:
    def refuse() -> None:
        log.error("addon %r is on but cannot be loaded (%s): %r refused", addon_id, reason, hook)
        raise AddonBroken(addon_id, hook, reason)

    refuse.__name__ = hook
    return hookimpl(tryfirst=True)(refuse)


def stand_in(
    addon_id: str, reason: str, published: Iterable[ModuleType] = ()
) -> SimpleNamespace:
    """A plugin in place of a broken addon: each business hook raises `AddonBroken`."""
    return SimpleNamespace(
        **{hook: _refusal(addon_id, hook, reason) for hook in fail_closed_hooks(published)}
    )


class Dispatcher:
    """Hands out the plugin manager for a set of active addons."""

    def __init__(self, catalogue: Catalogue, cache_size: int = 512) -> None:
        self.catalogue = catalogue
        self.manager_for = lru_cache(maxsize=cache_size)(self._build)

    def _build(
        self, active: frozenset[str], broken: frozenset[str] = frozenset()
    ) -> pluggy.PluginManager:
        published = self.catalogue.published
        manager = new_plugin_manager(published)
        for addon_id in self.catalogue.sorted_ids(active):
            manager.register(self.catalogue.addons[addon_id].plugin, name=addon_id)
        reasons = self.catalogue.broken
        for addon_id in sorted(broken):  # called first: the operation fails before any work
            manager.register(
                stand_in(addon_id, reasons.get(addon_id, "not installed"), published),
                name=addon_id,
            )
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
