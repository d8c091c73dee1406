"""Shared fixtures of Facturo's own tests (the addon-author kit is core.testing.plugin)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from core.addons.catalogue import Catalogue
from core.addons.discovery import locate
from core.addons.errors import AddonLoadError
from core.addons.registry_file import Registry
from core.app import Facturo
from core.config import Settings

SAMPLES = Path(__file__).parent / "sample_addons"
sys.path.insert(0, str(SAMPLES))

GOOD_SAMPLES = ("sample_base", "sample_child", "sample_grandchild", "sample_other", "sample_glue")


def sample_catalogue(*names: str) -> Catalogue:
    """A catalogue of the sample addons under tests/sample_addons."""
    sources = []
    for name in names:
        try:
            sources.append(locate(name, name))
        except AddonLoadError as exc:
            sources.append(exc)
    return Catalogue.load(sources)


@pytest.fixture
def make_sample_app(facturo_settings: Settings) -> Callable[..., Facturo]:
    """`make_sample_app(*addon_ids)`: an app on the test database with sample addons."""
    apps: list[Facturo] = []

    def make(*names: str, registry: Registry | None = None) -> Facturo:
        app = Facturo(
            facturo_settings,
            catalogue=sample_catalogue(*(names or GOOD_SAMPLES)),
            registry=registry or Registry(offered=None, bundles={}, default_bundle=None),
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.db.dispose()
