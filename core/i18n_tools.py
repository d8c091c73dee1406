"""Babel catalogs of core: extract messages, update the catalogs, compile them, find gaps.

`python -m core.i18n_tools extract` reads every `_()`, `N_()`, `gettext()` and `ngettext()`
in core's Python files and Jinja templates into `i18n/facturo.pot` and merges it into the
nl, fr and en catalogs (English, the source language, is filled in by itself).
`python -m core.i18n_tools compile` writes the `.mo` files of core and of `addons/*/i18n`.
`python -m core.i18n_tools check` lists messages a catalog does not translate yet.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from core.i18n import DOMAIN, I18N_DIR, UI_LANGUAGES
from core.paths import CORE_DIR, PROJECT_ROOT, THEMES_DIR

SOURCE_LANGUAGE = "en"
JINJA = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                 "lstrip_blocks": "true", "newstyle_gettext": "true"}
SOURCES: tuple[tuple[Path, list[tuple[str, str]]], ...] = (
    (CORE_DIR, [("**/templates/**.html", JINJA), ("**.py", "python")]),
    (THEMES_DIR, [("**/templates/**.html", JINJA)]),
)
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def catalog_path(language: str, folder: Path = I18N_DIR, suffix: str = ".po") -> Path:
    """Where a language's catalog lives."""
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def extract() -> Catalog:
    """Every translatable message of core code and templates, as a template catalog."""
    template = Catalog(project="Facturo", domain=DOMAIN, creation_date=STABLE_DATE,
                       revision_date=STABLE_DATE, charset="utf-8")
    for folder, method_map in SOURCES:
        if not folder.is_dir():
            continue
        options = {pattern: dict(JINJA_OPTIONS) for pattern, method in method_map
                   if method == JINJA}
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map, options
        ):
            location = (str((folder / filename).relative_to(PROJECT_ROOT)), lineno)
            flags = set()
            text = message if isinstance(message, str) else message[0]
            if "%(" in text or "%d" in text or "%s" in text:
                flags.add("python-format")
            template.add(message, None, [location], auto_comments=comments, flags=flags,
                         context=context)
    return template


def _read(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="Facturo",
                       creation_date=STABLE_DATE, revision_date=STABLE_DATE)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False,
                 ignore_obsolete=True)


def _fill_source_language(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string or ()):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")


def update(languages: Iterable[str] = UI_LANGUAGES) -> Catalog:
    """Extract, write the template, and merge it into each language's catalog."""
    template = extract()
    _write(I18N_DIR / f"{DOMAIN}.pot", template)
    for language in languages:
        path = catalog_path(language)
        catalog = _read(path, language)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.revision_date = STABLE_DATE
        if language == SOURCE_LANGUAGE:
            _fill_source_language(catalog)
        _write(path, catalog)
    return template


def _translated(message: Message) -> bool:
    if "fuzzy" in message.flags:
        return False
    if isinstance(message.string, tuple | list):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def missing(language: str, template: Catalog | None = None) -> list[str]:
    """The messages of core that the language's catalog lacks or leaves untranslated."""
    template = template or extract()
    catalog = _read(catalog_path(language), language)
    gaps = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or not _translated(found):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return sorted(gaps)


def catalog_folders() -> list[Path]:
    """Core's `i18n/` and every built-in addon's `i18n/`."""
    return [I18N_DIR, *sorted(p for p in (PROJECT_ROOT / "addons").glob("*/i18n") if p.is_dir())]


def compile_all(folders: Iterable[Path] | None = None) -> list[Path]:
    """Write a `.mo` next to every `.po` of the given catalog folders."""
    written = []
    for folder in folders if folders is not None else catalog_folders():
        for po_path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            language = po_path.parent.parent.name
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            written.append(mo_path)
    from core.i18n import translations

    translations.cache_clear()
    return written


def main(argv: list[str]) -> int:
    """Command line: `extract`, `compile` or `check`."""
    command = argv[0] if argv else ""
    if command == "extract":
        template = update()
        print(f"{len(template)} messages extracted into {I18N_DIR / (DOMAIN + '.pot')}")
        for language in UI_LANGUAGES:
            print(f"{language}: {len(missing(language, template))} to translate")
        return 0
    if command == "compile":
        for path in compile_all():
            print(f"compiled {path.relative_to(PROJECT_ROOT)}")
        return 0
    if command == "check":
        template = extract()
        gaps = {language: missing(language, template) for language in UI_LANGUAGES}
        for language, messages in gaps.items():
            for message in messages:
                print(f"{language}: {message!r}")
        return 1 if any(gaps.values()) else 0
    print("usage: python -m core.i18n_tools extract|compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
