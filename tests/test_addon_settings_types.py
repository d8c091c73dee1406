"""Addon settings are typed in the manifest and read numbers in the user's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.addons.errors import ManifestError, SettingsError
from core.addons.manifest import parse_manifest
from core.addons.settings import parse_setting, typed_settings, validate_settings
from core.number_input import NumberInputError, parse_number, show_number

BASE = {"id": "typed", "name": "Typed", "summary": "Settings of every type.", "version": "1",
        "category": "Test", "license": "MIT", "author": "Jane"}
SETTINGS = {
    "rate": {"type": "decimal", "default": "8.5", "label": "Rate"},
    "days": {"type": "integer", "default": 14, "label": "Days"},
    "on": {"type": "boolean", "default": True, "label": "On"},
    "period": {"type": "choice", "choices": ["daily", "monthly"], "default": "daily",
               "label": "Period"},
    "note": {"type": "text", "default": "", "label": "Note"},
    "legacy": {"type": "int", "default": 3, "label": "An earlier spelling"},
}


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("10,5", "nl", Decimal("10.5")), ("1.234,50", "nl", Decimal("1234.50")),
    ("10,5", "fr", Decimal("10.5")), ("10.5", "en", Decimal("10.5")),
    ("1,234.50", "en", Decimal("1234.50")), ("  ", "nl", None), ("-3", "en", Decimal(-3)),
])
def test_numbers_are_read_in_the_language_they_were_typed_in(text, language, expected):
    assert parse_number(text, language) == expected


@pytest.mark.parametrize(("text", "language"), [("10.5", "nl"), ("10,5", "en"), ("tien", "fr"),
                                                ("NaN", "en"), ("1,2,3", "nl")])
def test_a_number_written_the_other_way_is_refused_not_misread(text, language):
    with pytest.raises(NumberInputError, match="expected a number"):
        parse_number(text, language)


def test_numbers_are_shown_as_they_are_read_back():
    for language in ("nl", "fr", "en"):
        assert parse_number(show_number(Decimal("1234.50"), language), language) == Decimal(
            "1234.50")
    assert show_number(Decimal("10.5"), "nl") == "10,5" and show_number(10, "en") == "10"


def test_settings_come_back_as_their_declared_types():
    manifest = parse_manifest({**BASE, "settings": SETTINGS}, "typed")
    specs = {spec.key: spec for spec in manifest.settings}
    assert specs["legacy"].type == "integer"
    stored = validate_settings(manifest, {"rate": "10,5", "days": "30", "on": "off",
                                          "period": "monthly", "note": 12}, language="nl")
    assert stored["rate"] == "10.5"  # stored as JSON text
    assert typed_settings(manifest, stored) == {
        "rate": Decimal("10.5"), "days": 30, "on": False, "period": "monthly", "note": "12",
        "legacy": 3}
    assert parse_setting(specs["rate"], 2) == Decimal(2)
    assert parse_setting(specs["rate"], 0.1) == Decimal("0.1")
    assert parse_setting(specs["rate"], "10.5") == Decimal("10.5")  # from code: 10.5
    with pytest.raises(SettingsError) as refused:
        validate_settings(manifest, {"rate": "10.5", "days": "2,5", "period": "yearly",
                                     "on": "maybe"}, language="nl")
    assert refused.value.errors == {
        "rate": "expected a number", "days": "expected a whole number",
        "period": "expected one of daily, monthly", "on": "expected yes or no"}


def test_an_unknown_setting_type_is_refused_naming_the_types():
    with pytest.raises(ManifestError, match="decimal, integer, boolean, choice, text"):
        parse_manifest({**BASE, "settings": {"x": {"type": "float"}}}, "typed")
