"""Finding installed addons: the `facturo.addons` entry-point group."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from core.addons.errors import AddonLoadError

ENTRY_POINT_GROUP = "facturo.addons"


@dataclass(frozen=True)
class AddonSource:
    """Where an installed addon lives: its id, its package and the package's folder."""

    addon_id: str
    package: str
    folder: Path | None
    distribution: str | None = None


def locate(addon_id: str, package: str, distribution: str | None = None) -> AddonSource:
    """Find an addon package's folder without running the addon's own code."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError) as exc:
        raise AddonLoadError(addon_id, f"package {package!r} cannot be found: {exc}") from None
    if spec is None or not spec.submodule_search_locations:
        raise AddonLoadError(addon_id, f"{package!r} is not an installed package")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return AddonSource(addon_id, package, folder, distribution)


def discover() -> list[AddonSource | AddonLoadError]:
    """Every addon declared through entry points, or the error that stops it loading."""
    found: list[AddonSource | AddonLoadError] = []
    seen: dict[str, str] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = ep.dist.name if ep.dist else None
        if ep.name in seen and seen[ep.name] != ep.value:
            found.append(
                AddonLoadError(ep.name, f"declared twice: {seen[ep.name]} and {ep.value}")
            )
            continue
        if ep.name in seen:
            continue
        seen[ep.name] = ep.value
        try:
            found.append(locate(ep.name, ep.value, dist))
        except AddonLoadError as exc:
            found.append(exc)
    return found
