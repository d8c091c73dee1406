"""The tabs and titles of lists name what they list in the plural, in Dutch and French:
"Offertes", not "Offerte"; "Alle bonnen", not "Alle bons"."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.sqlite_only

ADDONS = ("quotes", "delivery_notes")
TABS = re.compile(r'<nav class="tabs"[^>]*>(.*?)</nav>', re.S)
TITLE = re.compile(r"<h1>(.*?)</h1>", re.S)


def _tabs(html: str) -> list[str]:
    nav = TABS.search(html)
    assert nav is not None, "the page has no tabs"
    return [re.sub(r"<[^>]+>", "", a).strip()
            for a in re.findall(r"<a[^>]*>(.*?)</a>", nav.group(1), re.S)]


@pytest.mark.parametrize(("language", "tabs", "titles"), [
    ("nl", ["Facturen", "Creditnota’s", "Leveringsbonnen", "Offertes", "Orderbevestigingen"],
     {"quote": "Offertes", "delivery_note": "Leveringsbonnen"}),
    ("fr", ["Factures", "Notes de crédit", "Bons de livraison", "Devis",
            "Confirmations de commande"],
     {"quote": "Devis", "delivery_note": "Bons de livraison"}),
])
def test_document_list_tabs_are_plural(make_tenant, web_client, language, tabs, titles):
    client = web_client(make_tenant("Winkel Maes", addons=ADDONS), language=language)
    for kind, title in titles.items():
        page = client.get(f"/documents/{kind}")
        assert TITLE.search(page.text).group(1).strip() == title
        assert sorted(_tabs(page.text)) == sorted(tabs)


@pytest.mark.parametrize(("language", "quotes", "notes"), [
    ("nl", ["Offertes", "Orderbevestigingen"], ["Alle bonnen", "Te factureren"]),
    ("fr", ["Devis", "Confirmations de commande"], ["Tous les bons", "À facturer"]),
])
def test_quote_and_delivery_note_tabs_are_plural(make_tenant, web_client, language, quotes,
                                                 notes):
    client = web_client(make_tenant("Winkel Maes", addons=ADDONS), language=language)
    page = client.get("/apps/quotes/?kind=order_confirmation")
    assert _tabs(page.text) == quotes
    assert TITLE.search(page.text).group(1).strip() == quotes[1]
    assert _tabs(client.get("/apps/delivery_notes/").text) == notes
