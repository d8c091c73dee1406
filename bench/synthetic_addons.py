"""Generate N small addon packages in a temporary folder, for the kernel benchmarks."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from core.addons.catalogue import Catalogue
from core.addons.discovery import locate

MANIFEST = """id = "{id}"
name = "Bench {n}"
summary = "Synthetic addon {n}."
version = "1.0"
category = "Bench"
license = "MIT"
author = "Facturo"
depends = {depends}
"""

HOOKS = '''from core import hookimpl


@hookimpl
def document_validate(ctx, document):
    return []


@hookimpl
def ui_slot(ctx, name, obj):
    return None
'''


def make_addons(count: int) -> tuple[Path, list[str]]:
    """Write `count` addon packages (every fifth depends on the one before) and their ids."""
    root = Path(tempfile.mkdtemp(prefix="facturo-bench-addons-"))
    ids = []
    for n in range(count):
        addon_id = f"bench_{n:03d}"
        folder = root / addon_id
        folder.mkdir()
        depends = f'["bench_{n - 1:03d}"]' if n % 5 == 4 else "[]"
        (folder / "addon.toml").write_text(MANIFEST.format(id=addon_id, n=n, depends=depends))
        (folder / "__init__.py").write_text("")
        (folder / "hooks.py").write_text(HOOKS)
        ids.append(addon_id)
    sys.path.insert(0, str(root))
    return root, ids


def synthetic_catalogue(count: int) -> Catalogue:
    """A catalogue of `count` synthetic addons."""
    _root, ids = make_addons(count)
    return Catalogue.load([locate(addon_id, addon_id) for addon_id in ids])
