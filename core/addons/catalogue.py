"""The catalogue: every installed addon, loaded once, validated, in dependency order.

One broken addon (bad manifest, import error, missing dependency, cycle) is recorded with a
clear error and left out, together with whatever depends on it; the others load normally.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pluggy

from core import PROJECT_NAME, hookspecs
from core.addons.discovery import AddonSource, discover
from core.addons.errors import AddonError, AddonLoadError, DependencyError
from core.addons.manifest import Manifest, read_manifest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InstalledAddon:
    """An addon whose code is importable and whose tables exist."""

    manifest: Manifest
    source: AddonSource
    plugin: ModuleType
    hookspecs: ModuleType | None = None
    """The addon's `hookspecs` module: hooks it publishes for other addons, if any."""

    @property
    def id(self) -> str:
        """The addon id, as in its manifest and entry point."""
        return self.manifest.id

    def folder(self, name: str) -> Path | None:
        """A sub-folder of the addon package (templates, migrations, i18n, static) if present."""
        if self.source.folder is None:
            return None
        path = self.source.folder / name
        return path if path.is_dir() else None


def _import_plugin(source: AddonSource) -> ModuleType:
    try:
        package = importlib.import_module(source.package)
        for part in ("models", "hooks"):
            if importlib.util.find_spec(f"{source.package}.{part}") is not None:
                module = importlib.import_module(f"{source.package}.{part}")
                if part == "hooks":
                    return module
        return package
    except Exception as exc:  # an addon's import error must not stop the application
        raise AddonLoadError(
            source.addon_id, f"import failed: {type(exc).__name__}: {exc}"
        ) from exc


def _import_hookspecs(source: AddonSource) -> ModuleType | None:
    """The hooks an addon publishes for the addons that build on it (its `hookspecs.py`)."""
    name = f"{source.package}.hookspecs"
    try:
        if importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)
    except Exception as exc:  # an addon's import error must not stop the application
        raise AddonLoadError(
            source.addon_id, f"import of its hookspecs failed: {type(exc).__name__}: {exc}"
        ) from exc


def new_plugin_manager(published: Iterable[ModuleType] = ()) -> pluggy.PluginManager:
    """A plugin manager that knows the core hooks and the hooks addons publish."""
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for module in published:
        manager.add_hookspecs(module)
    return manager


def dependency_order(manifests: dict[str, Manifest]) -> tuple[list[str], list[AddonError]]:
    """Addons sorted so that each comes after its dependencies, plus the ones that cannot be."""
    errors: list[AddonError] = []
    ordered: list[str] = []
    state: dict[str, str] = {}
    broken: set[str] = set()

    def visit(addon_id: str, path: tuple[str, ...]) -> bool:
        if addon_id in broken:
            return False
        if state.get(addon_id) == "done":
            return True
        if state.get(addon_id) == "visiting":
            cycle = " -> ".join((*path[path.index(addon_id):], addon_id))
            for member in path[path.index(addon_id):]:
                if member not in broken:
                    broken.add(member)
                    errors.append(DependencyError(member, f"dependency cycle {cycle}"))
            return False
        state[addon_id] = "visiting"
        ok = True
        for dep in manifests[addon_id].depends:
            if dep not in manifests:
                errors.append(
                    DependencyError(addon_id, f"depends on {dep!r}, which is not installed")
                )
                ok = False
            elif not visit(dep, (*path, addon_id)):
                if addon_id not in broken:
                    errors.append(DependencyError(addon_id, f"depends on broken addon {dep!r}"))
                ok = False
        state[addon_id] = "done"
        if ok and addon_id not in broken:
            ordered.append(addon_id)
        else:
            broken.add(addon_id)
        return ok and addon_id not in broken

    for addon_id in sorted(manifests):
        visit(addon_id, ())
    return ordered, errors


class Catalogue:
    """Every installed addon of this deployment, validated and in dependency order."""

    def __init__(self, addons: dict[str, InstalledAddon], errors: list[AddonError]) -> None:
        self.addons = addons
        self.errors = errors
        self.order = list(addons)
        self.published = [
            addons[addon_id].hookspecs for addon_id in self.order if addons[addon_id].hookspecs
        ]
        """The `hookspecs` modules of the installed addons, in dependency order."""
        self.manager = new_plugin_manager(self.published)
        for addon_id in self.order:
            self.manager.register(addons[addon_id].plugin, name=addon_id)
        for error in errors:
            log.error("%s", error)

    @classmethod
    def load(cls, sources: Iterable[AddonSource | AddonLoadError] | None = None) -> Catalogue:
        """Load addons from entry points (or the given sources), collecting every error."""
        errors: list[AddonError] = []
        manifests: dict[str, Manifest] = {}
        by_id: dict[str, AddonSource] = {}
        for item in discover() if sources is None else sources:
            if isinstance(item, AddonError):
                errors.append(item)
                continue
            try:
                manifests[item.addon_id] = read_manifest(item.folder, item.addon_id)
                by_id[item.addon_id] = item
            except AddonError as exc:
                errors.append(exc)
        order, dep_errors = dependency_order(manifests)
        errors.extend(dep_errors)
        addons: dict[str, InstalledAddon] = {}
        failed: set[str] = set()
        published: list[ModuleType] = []
        for addon_id in order:
            if any(dep in failed for dep in manifests[addon_id].depends):
                failed.add(addon_id)
                errors.append(DependencyError(addon_id, "a dependency failed to load"))
                continue
            try:
                specs = _import_hookspecs(by_id[addon_id])
                plugin = _import_plugin(by_id[addon_id])
                probe = new_plugin_manager([*published, *([specs] if specs else [])])
                probe.register(plugin, name=addon_id)
                probe.check_pending()
            except AddonLoadError as exc:
                failed.add(addon_id)
                errors.append(exc)
                continue
            except (pluggy.PluginValidationError, ValueError) as exc:
                failed.add(addon_id)
                errors.append(AddonLoadError(addon_id, f"invalid hook implementation: {exc}"))
                continue
            if specs is not None:
                published.append(specs)
            addons[addon_id] = InstalledAddon(manifests[addon_id], by_id[addon_id], plugin, specs)
        return cls(addons, errors)

    @property
    def broken(self) -> dict[str, str]:
        """Addons that are installed but could not be loaded: id → what is wrong."""
        found: dict[str, str] = {}
        for error in self.errors:
            if error.addon_id not in self.addons:
                found.setdefault(error.addon_id, error.problem)
        return found

    def __contains__(self, addon_id: object) -> bool:
        return addon_id in self.addons

    def get(self, addon_id: str) -> InstalledAddon:
        """The installed addon, or an error naming it."""
        try:
            return self.addons[addon_id]
        except KeyError:
            broken = next((e for e in self.errors if e.addon_id == addon_id), None)
            if broken is not None:
                raise broken from None
            raise AddonError(addon_id, "is not installed") from None

    def sorted_ids(self, ids: Iterable[str]) -> list[str]:
        """The given addon ids in dependency order."""
        wanted = set(ids)
        return [addon_id for addon_id in self.order if addon_id in wanted]

    def dependencies(self, addon_id: str) -> list[str]:
        """Every addon the given one needs, directly or not, in dependency order."""
        needed: set[str] = set()
        stack = list(self.get(addon_id).manifest.depends)
        while stack:
            dep = stack.pop()
            if dep not in needed:
                needed.add(dep)
                stack.extend(self.get(dep).manifest.depends)
        return self.sorted_ids(needed)

    def dependents(self, addon_id: str, among: Iterable[str]) -> list[str]:
        """The addons among the given ones that need this one, directly or not."""
        return [
            other
            for other in self.sorted_ids(among)
            if other != addon_id and addon_id in self.dependencies(other)
        ]

    def table_prefix(self, addon_id: str) -> str:
        """Every table of an addon starts with this."""
        return f"{addon_id}_"
