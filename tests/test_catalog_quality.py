"""Every catalog of core and of the built-in addons, in Dutch and French: a message with a
count is a plural message (ngettext), and a message is translated, not copied, unless the
word really is the same in that language (the short list below)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.paths import I18N_DIR

ROOT = I18N_DIR.parent
COUNT = re.compile(r"%\((count|num|n|total|rows)\)d|%d")
SAME_WORD = {
    "nl": {"Apps", "BIC", "Bcc", "Cc", "Code", "Contact", "Dashboard", "Details", "Document",
           "E-mail", "IBAN", "Logo", "MailChimp", "Marketing", "Menu", "Modern", "Open",
           "Product", "Segment", "Server", "Status", "Website"},
    "fr": {"Actions", "Article", "Audience", "BIC", "Base", "Cc", "Code", "Communication",
           "Contact", "Date", "Description", "Document", "Documents", "E-mail", "IBAN",
           "Invitations", "Logo", "MailChimp", "Marketing", "Menu", "Note", "Page",
           "Page %(page)d", "Pages", "Port", "Segment", "Services", "Total", "Type", "Version"},
}
"""Words spelled the same in English and in that language (checked one by one)."""


def catalogs(language: str) -> list[Path]:
    core = ROOT / "i18n" / language / "LC_MESSAGES" / "facturo.po"
    return [core, *sorted(ROOT.glob(f"addons/*/i18n/{language}/LC_MESSAGES/*.po"))]


def messages(language: str):  # type: ignore[no-untyped-def]
    for path in catalogs(language):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id:
                    yield path.relative_to(ROOT), message


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_message_with_a_count_is_a_plural_message(language: str) -> None:
    singular = sorted(f"{path}: {message.id}" for path, message in messages(language)
                      if not message.pluralizable and COUNT.search(message.id))
    assert singular == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_message_is_left_in_english(language: str) -> None:
    copied = sorted(f"{path}: {message.id}" for path, message in messages(language)
                    if not message.pluralizable and message.string == message.id
                    and message.id not in SAME_WORD[language])
    assert copied == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_plural_form_is_filled(language: str) -> None:
    gaps = sorted(f"{path}: {message.id[0]}" for path, message in messages(language)
                  if message.pluralizable and not all(message.string))
    assert gaps == []


def test_app_categories_are_translated() -> None:
    from core.i18n import gettext

    categories = {line.split("=", 1)[1].strip().strip('"')
                  for toml in ROOT.glob("addons/*/addon.toml")
                  for line in toml.read_text("utf-8").splitlines()
                  if line.startswith("category")}
    assert categories
    for category in categories:
        assert gettext(category, "nl") != category
        assert gettext(category, "fr") != category


FORMAL = re.compile(r"\b(u|uw|U|Uw)\b")
ADDRESSED_TO_THE_CUSTOMER = {"Your reference"}
"""Words printed on documents for the customer, who is addressed formally."""


def test_dutch_says_je_to_the_user() -> None:
    formal = sorted(f"{path}: {message.id}" for path, message in messages("nl")
                    if message.id not in ADDRESSED_TO_THE_CUSTOMER
                    and any(FORMAL.search(text) for text in (
                        message.string if isinstance(message.string, tuple)
                        else (message.string,)) if text))
    assert formal == []
