"""Per-tenant addon settings, checked against what the manifest declares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from core.addons.errors import SettingsError
from core.addons.manifest import Manifest, SettingSpec

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no", ""}


def _coerce(spec: SettingSpec, value: Any) -> Any:
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError("expected yes or no")
    if spec.type == "int":
        text = str(value).strip()
        if isinstance(value, bool) or not text.lstrip("-").isdigit():
            raise ValueError("expected a whole number")
        return int(text)
    if spec.type == "decimal":
        try:
            return str(Decimal(str(value).strip()))
        except InvalidOperation:
            raise ValueError("expected a number") from None
    text = str(value)
    if spec.type == "choice" and text not in spec.choices:
        raise ValueError(f"expected one of {', '.join(spec.choices)}")
    return text


def defaults(manifest: Manifest) -> dict[str, Any]:
    """The settings an addon starts with."""
    return {spec.key: spec.default for spec in manifest.settings}


def validate_settings(
    manifest: Manifest, given: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Merge given values over current ones (or the defaults); raise naming each bad field."""
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
            result[key] = _coerce(spec, value)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise SettingsError(manifest.id, errors)
    return result
