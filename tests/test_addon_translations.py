"""Each addon translates in a gettext domain of its own: its catalog first, then core's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jinja2 import DictLoader

from core import i18n
from core.addons.manifest import parse_manifest
from core.app import Facturo
from core.i18n import Domain, use_language
from core.i18n_tools import UI_LANGUAGES, addon_project, missing
from core.paths import PROJECT_ROOT

pytestmark = pytest.mark.sqlite_only

LATE = "late_interest"


@pytest.fixture
def late_interest(facturo_app: Facturo, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[Domain]:
    """A third-party addon's domain whose Dutch catalog translates one of its own messages
    and words one of core's messages its own way; unregistered after the test."""
    monkeypatch.setattr(i18n, "_domains", dict(i18n._domains))
    monkeypatch.setattr(i18n, "_domain_names", i18n._domain_names)
    catalog = Catalog(locale="nl", domain=LATE)
    catalog.add("Interest due", "Verschuldigde intrest")
    catalog.add("Customers", "Debiteuren")
    catalog.add("Late payment interest", "Verwijlintrest")
    catalog.add("Interest rate per year", "Intrestvoet per jaar")
    catalog.add("monthly", "maandelijks")
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{LATE}.mo").open("wb") as handle:
        write_mo(handle, catalog)
    i18n.register_domain(LATE, tmp_path)
    yield Domain(LATE)
    i18n.translations.cache_clear()


def test_an_addon_never_borrows_another_addons_wording(late_interest: Domain) -> None:
    with use_language("nl"):
        assert Domain("payments").gettext("Overdue invoices") == "Vervallen facturen"
        assert late_interest.gettext("Overdue invoices") == "Overdue invoices"
        assert i18n.gettext("Overdue invoices") == "Overdue invoices"


def test_the_addons_catalog_wins_for_its_own_text_and_core_keeps_its_own(
    late_interest: Domain,
) -> None:
    _, ngettext, n_ = late_interest.functions()
    assert ngettext("%(num)d day", "%(num)d days", 2) == "%(num)d days"
    with use_language("nl"):
        assert _("Interest due") == "Verschuldigde intrest"
        assert _("Customers") == "Debiteuren"  # the addon's wording, for the addon's text
        assert _("Save") == "Opslaan"  # what the addon leaves out comes from core
        assert i18n.gettext("Customers") == "Klanten"  # core's text stays core's
        assert i18n.gettext(n_("Interest due")) == "Verschuldigde intrest"  # N_ keeps domain
    with use_language("fr"):
        assert _("Interest due") == "Interest due"


def test_templates_translate_in_their_addons_domain(
    facturo_app: Facturo, late_interest: Domain
) -> None:
    page = '{{ _("Customers") }} {{ _("Interest due") }} {{ _("Overdue invoices") }}'
    env = facturo_app.web.state.templates.environment("default", frozenset()).overlay(
        loader=DictLoader({f"{LATE}/page.html": page, "core_page.html": page,
                           "payments/page.html": page}))
    with use_language("nl"):
        assert env.get_template(f"{LATE}/page.html").render() == (
            "Debiteuren Verschuldigde intrest Overdue invoices")
        assert env.get_template("core_page.html").render() == (
            "Klanten Interest due Overdue invoices")
        assert env.get_template("payments/page.html").render() == (
            "Klanten Interest due Vervallen facturen")


def test_manifest_labels_are_translated_by_the_addons_catalog(late_interest: Domain) -> None:
    manifest = parse_manifest({
        "id": LATE, "name": "Late payment interest", "summary": "Interest on late payments.",
        "version": "1.0", "category": "Sales", "license": "MIT", "author": "Jane",
        "settings": {
            "rate": {"type": "decimal", "default": "8", "label": "Interest rate per year"},
            "period": {"type": "choice", "choices": ["monthly", "daily"], "default": "daily",
                       "label": "Period"},
        },
        "translations": {"fr": {"name": "Intérêts de retard"}},
    }, LATE)
    rate, period = manifest.settings
    assert manifest.label("nl") == "Verwijlintrest"  # from the addon's catalog
    assert manifest.label("fr") == "Intérêts de retard"  # the manifest's own table first
    assert manifest.label("en") == "Late payment interest"
    assert manifest.description("nl") == "Interest on late payments."
    with use_language("nl"):
        assert i18n.gettext(rate.label) == "Intrestvoet per jaar"
        assert [i18n.gettext(choice) for choice in period.choices] == ["maandelijks", "daily"]


@pytest.mark.parametrize("addon", sorted(p.parent.name for p in
                                         (PROJECT_ROOT / "addons").glob("*/addon.toml")))
def test_every_built_in_addon_translates_its_messages_and_manifest(addon: str) -> None:
    project = addon_project(PROJECT_ROOT / "addons" / addon)
    assert {language: missing(language, project=project) for language in UI_LANGUAGES} == {
        language: [] for language in UI_LANGUAGES}


def test_built_in_addons_translate_in_their_own_domain() -> None:
    """An addon module takes `_`, `N_`, `gettext` and `ngettext` from its `translation.py`:
    core's would look its messages up in core's catalog only."""
    core_names = re.compile(r"^\s*from core\.i18n import (.*)$", re.MULTILINE)
    wrong = []
    for path in sorted((PROJECT_ROOT / "addons").glob("*/**/*.py")):
        if "tests" in path.parts:
            continue
        for names in core_names.findall(path.read_text(encoding="utf-8")):
            taken = {name.strip() for name in names.split(",")}
            if taken & {"_", "N_", "gettext", "ngettext"}:
                wrong.append(str(path.relative_to(PROJECT_ROOT)))
    assert wrong == []
