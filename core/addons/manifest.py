"""`addon.toml`: what an addon is, readable without importing its code."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.addons.errors import ManifestError
from core.i18n import Text, gettext

MANIFEST_NAME = "addon.toml"
ADDON_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
REQUIRED = ("id", "name", "summary", "version", "category", "license", "author")
SETTING_TYPES = ("decimal", "integer", "boolean", "choice", "text")
TYPE_ALIASES = {"bool": "boolean", "int": "integer", "str": "text"}
"""Earlier spellings of the setting types, still read."""


@dataclass(frozen=True)
class SettingSpec:
    """One setting an addon declares: its type, default, label and (for `choice`) choices.

    The label and the choices are texts of the addon's domain: `core.i18n.gettext` finds
    their translation in the addon's catalog.
    """

    key: str
    type: str
    default: Any
    label: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """The parsed contents of an addon's `addon.toml`."""

    id: str
    name: str
    summary: str
    version: str
    category: str
    license: str
    author: str
    depends: tuple[str, ...] = ()
    auto_install: bool = False
    settings: tuple[SettingSpec, ...] = ()
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, language: str) -> str:
        """The addon's name in a language: the manifest's `[translations]`, else the
        addon's catalog, else the manifest's own."""
        given = self.translations.get(language, {}).get("name")
        return given or gettext(Text(self.name, self.id), language)

    def description(self, language: str) -> str:
        """The addon's summary in a language, found as its name is."""
        given = self.translations.get(language, {}).get("summary")
        return given or gettext(Text(self.summary, self.id), language)

    def texts(self) -> list[str]:
        """Every text of the manifest the addon's catalog may translate."""
        texts = [self.name, self.summary]
        for spec in self.settings:
            texts += [spec.label, *spec.choices]
        return texts


def _setting(addon_id: str, key: str, raw: Any) -> SettingSpec:
    kind = TYPE_ALIASES.get(raw.get("type"), raw.get("type")) if isinstance(raw, dict) else None
    if kind not in SETTING_TYPES:
        raise ManifestError(
            addon_id, f"setting {key!r} needs a type, one of {', '.join(SETTING_TYPES)}"
        )
    choices = tuple(Text(str(choice), addon_id) for choice in raw.get("choices", ()))
    if kind == "choice" and not choices:
        raise ManifestError(addon_id, f"setting {key!r} of type choice needs choices")
    return SettingSpec(
        key=key,
        type=kind,
        default=raw.get("default"),
        label=Text(str(raw.get("label", key)), addon_id),
        choices=choices,
    )


def parse_manifest(data: dict[str, Any], expected_id: str) -> Manifest:
    """Validate a manifest's data; the error names the addon and the problem."""
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise ManifestError(expected_id, f"{MANIFEST_NAME} lacks {', '.join(missing)}")
    addon_id = data["id"]
    if addon_id != expected_id:
        raise ManifestError(
            expected_id, f"{MANIFEST_NAME} says id {addon_id!r}, the entry point {expected_id!r}"
        )
    if not ADDON_ID.match(addon_id):
        raise ManifestError(addon_id, "id must be lowercase letters, digits and underscores")
    depends = data.get("depends", [])
    if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        raise ManifestError(addon_id, "depends must be a list of addon ids")
    if addon_id in depends:
        raise ManifestError(addon_id, "an addon cannot depend on itself")
    settings = data.get("settings", {})
    translations = data.get("translations", {})
    if not isinstance(settings, dict) or not isinstance(translations, dict):
        raise ManifestError(addon_id, "settings and translations must be tables")
    return Manifest(
        id=addon_id,
        name=str(data["name"]),
        summary=str(data["summary"]),
        version=str(data["version"]),
        category=str(data["category"]),
        license=str(data["license"]),
        author=str(data["author"]),
        depends=tuple(depends),
        auto_install=bool(data.get("auto_install", False)),
        settings=tuple(_setting(addon_id, key, raw) for key, raw in settings.items()),
        translations={lang: dict(values) for lang, values in translations.items()},
    )


def read_manifest(folder: Path, expected_id: str) -> Manifest:
    """Read and validate `addon.toml` in an addon's package folder."""
    path = folder / MANIFEST_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(expected_id, f"no {MANIFEST_NAME} in {folder}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(expected_id, f"{MANIFEST_NAME} is not valid TOML: {exc}") from None
    return parse_manifest(data, expected_id)
