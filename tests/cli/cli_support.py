"""Helpers of the command-line tests: catalogues of test addons."""

from __future__ import annotations

import sys
from pathlib import Path

from core.addons.catalogue import Catalogue
from core.addons.discovery import locate
from core.addons.errors import AddonLoadError
from core.addons.registry_file import Registry

CLI_ADDONS = Path(__file__).parent / "cli_addons"
SAMPLE_ADDONS = Path(__file__).parent.parent / "sample_addons"
for folder in (CLI_ADDONS, SAMPLE_ADDONS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

OPEN_REGISTRY = Registry(offered=None, bundles={}, default_bundle=None)


def catalogue_of(*names: str) -> Catalogue:
    """A catalogue of test addons (tests/sample_addons and tests/cli/cli_addons)."""
    sources = []
    for name in names:
        try:
            sources.append(locate(name, name))
        except AddonLoadError as exc:
            sources.append(exc)
    return Catalogue.load(sources)
