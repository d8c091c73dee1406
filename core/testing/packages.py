"""Run an addon package's own tests without installing it: its entry points, declared on a
folder that is put on `PYTHONPATH` (what `pip install -e .` leaves behind for discovery)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from core.addons.discovery import ENTRY_POINT_GROUP


def declare_entry_points(project: Path, site: Path) -> Path:
    """Write the distribution metadata of `project` (its `pyproject.toml`'s name, version and
    Facturo entry points) into `site`; with `site` and `project` on `PYTHONPATH`, Facturo
    discovers the addon. Returns the `.dist-info` folder."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entry_points = meta["entry-points"][ENTRY_POINT_GROUP]
    name = meta["name"].replace("-", "_")
    info = site / f"{name}-{meta['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n")
    lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    return info
