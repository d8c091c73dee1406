"""`addon_registry.toml`: which installed addons this deployment offers, and its bundles."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class RegistryFileError(ValueError):
    """`addon_registry.toml` is unreadable or inconsistent."""


@dataclass(frozen=True)
class Bundle:
    """A reseller's package: a set of addons, their default settings and a theme."""

    id: str
    name: str
    addons: tuple[str, ...]
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    theme: str = "default"
    language: str = "nl"


@dataclass(frozen=True)
class Registry:
    """The deployment's catalogue policy."""

    offered: frozenset[str] | None  # None: every installed addon
    bundles: dict[str, Bundle]
    default_bundle: str | None

    def is_offered(self, addon_id: str) -> bool:
        """Whether tenants of this deployment may switch the addon on."""
        return self.offered is None or addon_id in self.offered

    def bundle(self, bundle_id: str) -> Bundle:
        """A bundle by id, or an error listing the known ones."""
        try:
            return self.bundles[bundle_id]
        except KeyError:
            known = ", ".join(sorted(self.bundles)) or "none"
            raise RegistryFileError(f"unknown bundle {bundle_id!r} (known: {known})") from None


def parse_registry(data: dict[str, Any]) -> Registry:
    """Build a Registry from the parsed TOML, checking its shape."""
    offered_raw = data.get("offered", {}).get("addons", "*")
    offered = None if offered_raw == "*" else frozenset(offered_raw)
    bundles: dict[str, Bundle] = {}
    for bundle_id, raw in data.get("bundles", {}).items():
        if not isinstance(raw.get("addons"), list):
            raise RegistryFileError(f"bundle {bundle_id!r} needs a list of addons")
        bundles[bundle_id] = Bundle(
            id=bundle_id,
            name=str(raw.get("name", bundle_id)),
            addons=tuple(raw["addons"]),
            settings=dict(raw.get("settings", {})),
            theme=str(raw.get("theme", "default")),
            language=str(raw.get("language", "nl")),
        )
    default = data.get("defaults", {}).get("bundle")
    if default is not None and default not in bundles:
        raise RegistryFileError(f"the default bundle {default!r} is not defined")
    return Registry(offered=offered, bundles=bundles, default_bundle=default)


def load_registry(path: Path) -> Registry:
    """Read `addon_registry.toml`; a missing file offers everything with no bundles."""
    if not path.exists():
        return Registry(offered=None, bundles={}, default_bundle=None)
    try:
        return parse_registry(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryFileError(f"{path}: {exc}") from None
