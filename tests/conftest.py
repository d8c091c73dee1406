"""Shared fixtures of Facturo's own tests (the addon-author kit is core.testing.plugin)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sample_support import GOOD_SAMPLES, sample_catalogue

from core.addons.registry_file import Registry
from core.app import Facturo
from core.config import Settings


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
