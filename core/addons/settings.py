"""Per-tenant addon settings, checked against what the manifest declares, read back typed.

A setting is stored as JSON (a decimal as its text, e.g. `"10.5"`) and read back as the type
the manifest declares: `decimal` a `Decimal`, `integer` an `int`, `boolean` a `bool`,
`choice` and `text` a `str`. Text a person typed is read in their language through
`core.number_input.parse_number` (`10,5` in Dutch and French, `10.5` in English); values
from code, a bundle or the command line are read as `10.5`.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal
from typing import Any

from core.addons.errors import SettingsError
from core.addons.manifest import Manifest, SettingSpec
from core.number_input import parse_number

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no", ""}
CANONICAL_LANGUAGE = "en"
"""The language values from code, bundles and the command line are written in."""


def _number(value: Any, language: str | None) -> Decimal | None:
    if isinstance(value, float):
        value = str(value)
        language = CANONICAL_LANGUAGE
    return parse_number(value, language or CANONICAL_LANGUAGE)


def parse_setting(spec: SettingSpec, value: Any, language: str | None = None) -> Any:
    """A setting's value as its declared type; text is read in `language` (a person's) or
    as `10.5`. Raises `ValueError` naming what was expected."""
    if spec.type == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError("expected yes or no")
    if spec.type == "integer":
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        try:
            number = _number(value, language)
        except ValueError:
            raise ValueError("expected a whole number") from None
        if number is None or number != number.to_integral_value():
            raise ValueError("expected a whole number")
        return int(number)
    if spec.type == "decimal":
        number = _number(value, language)
        if number is None:
            raise ValueError("expected a number")
        return number
    text = "" if value is None else str(value)
    if spec.type == "choice" and text not in spec.choices:
        raise ValueError(f"expected one of {', '.join(spec.choices)}")
    return text


def _stored(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def typed_settings(manifest: Manifest, stored: dict[str, Any]) -> dict[str, Any]:
    """Stored settings (defaults filled in) as their declared types; a value that no longer
    reads as its type (the manifest changed) is left as stored."""
    result = {spec.key: spec.default for spec in manifest.settings}
    result.update(stored)
    for spec in manifest.settings:
        value = result.get(spec.key)
        if value is None:
            continue
        with suppress(ValueError):
            result[spec.key] = parse_setting(spec, value)
    return result


def defaults(manifest: Manifest) -> dict[str, Any]:
    """The settings an addon starts with."""
    return {spec.key: spec.default for spec in manifest.settings}


def validate_settings(
    manifest: Manifest, given: dict[str, Any], current: dict[str, Any] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Merge given values over current ones (or the defaults), as stored; raise naming each
    bad field. Text in `given` is read in `language` (see `parse_setting`)."""
    result = dict(defaults(manifest))
    result.update(current or {})
    specs = {spec.key: spec for spec in manifest.settings}
    errors: dict[str, str] = {}
    for key, value in given.items():
        spec = specs.get(key)
        if spec is None:
            errors[key] = "unknown setting"
            continue
        try:
            result[key] = _stored(parse_setting(spec, value, language))
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise SettingsError(manifest.id, errors)
    return result
