"""Every UI text in nl, fr and en; amounts, numbers and dates in the language's conventions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from core.i18n import UI_LANGUAGES, use_language
from core.i18n_tools import extract, missing
from core.web.formatting import format_currency, format_date, format_decimal

pytestmark = pytest.mark.sqlite_only


def test_every_catalog_translates_every_message_of_core_code_and_templates():
    template = extract()
    locations = {path for message in template for path, _line in message.locations}
    assert any(path.endswith(".html") for path in locations)  # templates are extracted
    assert "core/web/routes/apps.py" in locations  # and Python code
    gaps = {language: missing(language, template) for language in UI_LANGUAGES}
    assert gaps == {language: [] for language in UI_LANGUAGES}, (
        "run `make i18n-extract` and translate the messages listed here"
    )


@pytest.mark.parametrize(
    ("language", "dashboard", "settings", "log_out"),
    [
        ("nl", "Dashboard", "Instellingen", "Afmelden"),
        ("fr", "Tableau de bord", "Paramètres", "Se déconnecter"),
        ("en", "Dashboard", "Settings", "Log out"),
    ],
)
def test_pages_speak_the_users_language(shell_client, language, dashboard, settings, log_out):
    client, _tenant, _user = shell_client(language=language)
    page = client.get("/")
    assert f'<html lang="{language}">' in page.text
    assert f"<title>{dashboard} · Facturo</title>" in page.text
    assert f"<h2>{settings}</h2>" in page.text and log_out in page.text


def test_the_login_page_follows_the_browser_then_the_visitors_choice(shell_app):
    client = TestClient(shell_app.web, headers={"accept-language": "fr-BE,fr;q=0.9,en;q=0.5"})
    assert "<title>Se connecter · Facturo</title>" in client.get("/login").text
    from core.testing.web import post_form

    post_form(client, "/language", {"language": "nl", "next": "/login"})
    assert "<title>Aanmelden · Facturo</title>" in client.get("/login").text


def test_amounts_numbers_and_dates_follow_belgian_conventions():
    amount = Decimal("1234.5")
    with use_language("nl"):
        assert format_currency(amount).replace("\xa0", " ") == "€ 1.234,50"
        assert format_decimal(Decimal("1234.567")) == "1.234,567"
        assert format_decimal(Decimal("2.5"), 2) == "2,50"
        assert format_date(date(2026, 3, 4)) == "4 mrt 2026"
    with use_language("fr"):
        assert format_currency(amount).replace("\u202f", " ").replace("\xa0", " ") == (
            "1 234,50 €")
        assert format_date(date(2026, 3, 4), "short") == "4/03/26"
    assert format_currency(None) == "" and format_date(None) == ""
