"""Page templates write exactly what stock Jinja with core's gettext writes: escaping, macros,
translations (templates translate in their domain: core's here, an addon's in its folder)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jinja2 import DictLoader, Environment, StrictUndefined, UndefinedError, select_autoescape
from markupsafe import Markup

from core import i18n
from core.app import Facturo
from core.i18n import UI_LANGUAGES, use_language
from core.web import formatting

pytestmark = pytest.mark.sqlite_only

TEMPLATES = {
    "macros.html": (
        '{% macro cell(v) %}<td title="{{ v }}">{{ v }}</td>{% endmacro %}\n'
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}\n"
    ),
    "part.html": "<h1>{{ title }}</h1>\n",
    "page.html": """{% import "macros.html" as m %}
{% include "part.html" %}
<p>{{ text }} {{ number }} {{ nothing }} {{ amount }} {{ safe }} {{ html_object }}</p>
<p>{{ text|e }} {{ safe|safe }} {{ text ~ "&" }} {{ text if number else safe }}</p>
{{ m.cell(text) }}{{ m.cell(safe) }}
{% call m.wrap() %}{{ text }}{% endcall %}
{% set block %}<b>{{ text }}</b>{% endset %}{{ block }}
{% filter upper %}{{ text }}{% endfilter %}
{% autoescape false %}{{ text }} {{ _("%(who)s & co", who=text) }}{% endautoescape %}
{% for item in items %}{{ loop.index }}:{{ item }};{% endfor %}
{{ _("Search") }} {{ _("Search") }} {{ _("%(who)s & co", who=text) }} {{ _("100%% sure") }}
{{ gettext("Log out") }} {{ ngettext("%(num)d result", "%(num)d results", 1) }}
{{ ngettext("%(num)d result", "%(num)d results", 3) }}
{% trans %}Hello {{ text }}{% endtrans %}
{{ amount|format_currency }} {{ 1234567|format_decimal }}
""",
    "mail.txt": '{{ text }} {{ _("%(who)s & co", who=text) }} {{ safe }}\n',
}


class HasHtml:
    """An object that writes its own HTML."""

    def __html__(self) -> str:
        return "<i>object</i>"


VALUES = {
    "text": "<script>alert('x') & \"y\"</script>",
    "number": 42,
    "nothing": None,
    "amount": Decimal("1234.5"),
    "safe": Markup("<em>ok</em>"),
    "html_object": HasHtml(),
    "items": ["<a>", 2],
    "title": "A & B",
}


def reference_environment() -> Environment:
    """Stock Jinja, set up as the page environment is, with Jinja's own gettext helpers."""
    env = Environment(
        loader=DictLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True)
    env.filters.update(format_currency=formatting.format_currency,
                       format_decimal=formatting.format_decimal)
    return env


def page_environment(app: Facturo) -> Environment:
    """The application's page environment, reading the test templates."""
    return app.web.state.templates.environment("default", frozenset()).overlay(
        loader=DictLoader(TEMPLATES))


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_pages_write_what_stock_jinja_writes(facturo_app: Facturo, language: str) -> None:
    ours, reference = page_environment(facturo_app), reference_environment()
    with use_language(language):
        for name in TEMPLATES:
            expected = reference.get_template(name).render(VALUES)
            assert ours.get_template(name).render(VALUES) == expected
            assert ours.get_template(name).render(VALUES) == expected  # remembered texts
    with use_language("en"):
        html = ours.get_template("page.html").render(VALUES)
    assert "&lt;script&gt;alert(&#39;x&#39;) &amp; &#34;y&#34;&lt;/script&gt;" in html
    assert "<em>ok</em>" in html and "<i>object</i>" in html and "100% sure" in html
    assert "3 results" in html and "1 result" in html
    mail = ours.get_template("mail.txt").render(VALUES)
    assert mail.startswith("<script>alert('x') & \"y\"</script> <script>")


def test_an_undefined_value_still_fails_the_page(facturo_app: Facturo) -> None:
    template = page_environment(facturo_app).from_string("<p>{{ missing }}</p>")
    with pytest.raises(UndefinedError):
        template.render()


@pytest.fixture
def extra_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A catalog folder to register as a domain, forgotten again after the test."""
    monkeypatch.setattr(i18n, "_domains", dict(i18n._domains))
    monkeypatch.setattr(i18n, "_domain_names", i18n._domain_names)
    yield tmp_path
    i18n.translations.cache_clear()


def test_a_catalog_registered_later_translates_texts_already_shown(
    facturo_app: Facturo, extra_catalogs: Path
) -> None:
    env = page_environment(facturo_app).overlay(loader=DictLoader(
        {"later_addon/page.html": '{{ _("Facturo test sentence") }}'}))
    template = env.get_template("later_addon/page.html")
    with use_language("nl"):
        assert template.render() == "Facturo test sentence"
    catalog = Catalog(locale="nl", domain="later_addon")
    catalog.add("Facturo test sentence", "Facturo-testzin")
    folder = extra_catalogs / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "later_addon.mo").open("wb") as handle:
        write_mo(handle, catalog)
    i18n.register_domain("later_addon", extra_catalogs)
    with use_language("nl"):
        assert template.render() == "Facturo-testzin"
    with use_language("fr"):
        assert template.render() == "Facturo test sentence"
