"""Template lookup: theme → active addons → core, one cached environment per set."""

from __future__ import annotations

import pytest

from core.paths import THEMES_DIR
from core.web.templating import CORE_TEMPLATES

pytestmark = pytest.mark.sqlite_only


def test_templates_resolve_theme_then_addons_then_core(shell_app):
    templates = shell_app.web.state.templates
    web_folder = shell_app.catalogue.addons["sample_web"].folder("templates")
    assert templates.folders("default", frozenset({"sample_web", "sample_base"})) == [
        THEMES_DIR / "default" / "templates", web_folder, CORE_TEMPLATES]
    assert templates.folders("default", frozenset()) == [
        THEMES_DIR / "default" / "templates", CORE_TEMPLATES]


def test_one_environment_per_theme_and_active_set(shell_app):
    templates = shell_app.web.state.templates
    first = templates.environment("default", frozenset({"sample_web"}))
    assert templates.environment("default", frozenset({"sample_web"})) is first
    assert templates.environment("default", frozenset()) is not first
    assert "sample_web/hello.html" in first.list_templates()
    assert "sample_web/hello.html" not in templates.environment("default", frozenset()
                                                                 ).list_templates()
