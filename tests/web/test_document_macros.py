"""The linked-documents block that core's document pages and the addons' kinds share."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.i18n import use_language

pytestmark = pytest.mark.sqlite_only

PAGE = """{% import "macros/documents.html" as documents_ui %}
{% macro url_of(linked) %}{{ documents_ui.document_url(linked, known) }}{% endmacro %}
{{ documents_ui.linked_documents([("Made from", sources), ("Led to", targets)], url_of,
                                  kind_label, heading=heading) }}"""


def render(facturo_app, **values):
    env = facturo_app.web.state.templates.environment("default", frozenset())
    with use_language("en"):
        return env.from_string(PAGE).render({"kind_label": str.title, "known": {"invoice"},
                                             "heading": True, **values})


def test_linked_documents_link_what_the_tenant_can_open(facturo_app):
    quote = SimpleNamespace(id=7, kind="quote", number="OF2026-0001")
    invoice = SimpleNamespace(id=9, kind="invoice", number=None)
    html = render(facturo_app, sources=[quote], targets=[invoice])
    assert "<h2>Linked documents</h2>" in html
    assert "<li>Made from: Quote OF2026-0001</li>" in html
    assert '<li>Led to: <a href="/documents/9">Invoice (draft)</a></li>' in html
    assert "<h2>" not in render(facturo_app, sources=[quote], targets=[], heading=False)


def test_no_linked_documents_no_block(facturo_app):
    assert render(facturo_app, sources=[], targets=[]).strip() == ""
