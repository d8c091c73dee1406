"""Babel catalogs of core and of addons: extract messages, update, compile, find gaps.

A *project* is core (domain `facturo`, catalogs in `i18n/`) or one addon package (domain
its id, catalogs in `<package>/i18n/`). `extract` reads every `_()`, `N_()`, `gettext()` and
`ngettext()` of the project's Python files and Jinja templates into `<domain>.pot` and merges
it into the nl, fr and en catalogs (English, the source language, is filled in by itself);
`compile` writes the `.mo` files; `check` lists messages a catalog does not translate yet.
The command line is `facturo i18n extract|compile|check [ADDON]` (ADDON: an installed
addon's id or the folder of an addon package); `python -m core.i18n_tools` does the same.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from core.addons.catalogue import Catalogue
from core.addons.manifest import MANIFEST_NAME, Manifest, read_manifest
from core.i18n import DOMAIN, I18N_DIR, UI_LANGUAGES, translations
from core.paths import CORE_DIR, PROJECT_ROOT, THEMES_DIR

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue

SOURCE_LANGUAGE = "en"
JINJA = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                 "lstrip_blocks": "true", "newstyle_gettext": "true"}
Sources = tuple[tuple[Path, list[tuple[str, str]]], ...]
ADDON_METHODS = [("tests/**", "ignore"), ("migrations/**", "ignore"),
                 ("templates/**.html", JINJA), ("**.py", "python")]
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Project:
    """What one set of catalogs translates: its domain, sources and catalog folder."""

    domain: str
    sources: Sources
    folder: Path
    root: Path
    manifest: Manifest | None = None


CORE = Project(
    DOMAIN,
    ((CORE_DIR, [("**/templates/**.html", JINJA), ("**.py", "python")]),
     (THEMES_DIR, [("**/templates/**.html", JINJA)])),
    I18N_DIR,
    PROJECT_ROOT,
)
SOURCES = CORE.sources


def addon_project(package: Path) -> Project:
    """The project of an addon package folder (the one holding `addon.toml`)."""
    package = package.resolve()
    if not (package / MANIFEST_NAME).is_file():
        raise ValueError(f"{package} is not an addon package: it has no {MANIFEST_NAME}")
    manifest = read_manifest(package, _manifest_id(package))
    return Project(manifest.id, ((package, ADDON_METHODS),), package / "i18n", package.parent,
                   manifest)


def _manifest_id(package: Path) -> str:
    return str(tomllib.loads((package / MANIFEST_NAME).read_text(encoding="utf-8")).get("id"))


def catalog_path(language: str, folder: Path = I18N_DIR, suffix: str = ".po",
                 domain: str = DOMAIN) -> Path:
    """Where a language's catalog lives."""
    return folder / language / "LC_MESSAGES" / f"{domain}{suffix}"


def extract(project: Project = CORE) -> Catalog:
    """Every translatable message of a project's code and templates, as a template catalog."""
    template = Catalog(project="Facturo", domain=project.domain, creation_date=STABLE_DATE,
                       revision_date=STABLE_DATE, charset="utf-8")
    for folder, method_map in project.sources:
        if not folder.is_dir():
            continue
        options = {pattern: dict(JINJA_OPTIONS) for pattern, method in method_map
                   if method == JINJA}
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map, options
        ):
            location = (str((folder / filename).relative_to(project.root)), lineno)
            flags = set()
            text = message if isinstance(message, str) else message[0]
            if "%(" in text or "%d" in text or "%s" in text:
                flags.add("python-format")
            template.add(message, None, [location], auto_comments=comments, flags=flags,
                         context=context)
    if project.manifest is not None:  # the name, summary and setting labels of the Apps page
        for text in project.manifest.texts():
            template.add(str(text), None, [(MANIFEST_NAME, 0)])
    return template


def _read(path: Path, language: str) -> Catalog:
    domain = path.stem
    if not path.exists():
        return Catalog(locale=language, domain=domain, project="Facturo",
                       creation_date=STABLE_DATE, revision_date=STABLE_DATE)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


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


def update(languages: Iterable[str] = UI_LANGUAGES, project: Project = CORE) -> Catalog:
    """Extract, write the template, and merge it into each language's catalog."""
    template = extract(project)
    _write(project.folder / f"{project.domain}.pot", template)
    for language in languages:
        path = catalog_path(language, project.folder, domain=project.domain)
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


def missing(language: str, template: Catalog | None = None,
            project: Project = CORE) -> list[str]:
    """The messages of a project that the language's catalog lacks or leaves untranslated."""
    template = template or extract(project)
    own = catalog_path(language, project.folder, domain=project.domain)
    if language == SOURCE_LANGUAGE and not own.exists():
        return []  # the messages are written in English: without a catalog they print as is
    catalogs = [_read(own, language)]
    if project is not CORE:  # an addon's message may be one core translates
        catalogs.append(_read(catalog_path(language), language))
    given = set()  # a name or summary the manifest translates itself
    if project.manifest is not None:
        values = project.manifest.translations.get(language, {})
        given = {text for key, text in (("name", project.manifest.name),
                                        ("summary", project.manifest.summary)) if values.get(key)}
    gaps = []
    for message in template:
        if not message.id or message.id in given:
            continue
        found = [c.get(message.id, context=message.context) for c in catalogs]
        if not any(f is not None and _translated(f) for f in found):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return sorted(gaps)


def catalog_folders() -> list[Path]:
    """Core's `i18n/` and every built-in addon's `i18n/`."""
    return [I18N_DIR, *sorted(p for p in (PROJECT_ROOT / "addons").glob("*/i18n") if p.is_dir())]


def compile_all(folders: Iterable[Path] | None = None) -> list[Path]:
    """Write a `.mo` next to every `.po` of the given catalog folders."""
    written = []
    for folder in folders if folders is not None else catalog_folders():
        for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
            language = po_path.parent.parent.name
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=po_path.stem)
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            written.append(mo_path)
    translations.cache_clear()
    return written


def project_for(target: str | None, catalogue: Catalogue | None = None) -> Project:
    """Core's project (no target), an installed addon's (its id) or an addon folder's."""
    if not target:
        return CORE
    folder = Path(target)
    if folder.is_dir():
        return addon_project(folder)
    addon = (catalogue or Catalogue.load()).addons.get(target)
    if addon is None:
        raise ValueError(f"{target!r} is neither an installed addon nor an addon folder")
    return addon_project(addon.folder("."))


def run(command: str, target: str | None = None, out: Callable[[str], None] = print,
        catalogue: Catalogue | None = None) -> int:
    """`extract`, `compile` or `check` for core (with every built-in addon, for `compile`)
    or for one addon; the exit status."""
    project = project_for(target, catalogue)
    if command == "extract":
        template = update(project=project)
        out(f"{len(template)} messages extracted into "
            f"{project.folder / (project.domain + '.pot')}")
        for language in UI_LANGUAGES:
            out(f"{language}: {len(missing(language, template, project))} to translate")
        return 0
    if command == "compile":
        for path in compile_all(None if project is CORE else [project.folder]):
            out(f"compiled {path}")
        return 0
    if command == "check":
        template = extract(project)
        gaps = {language: missing(language, template, project) for language in UI_LANGUAGES}
        for language, messages in gaps.items():
            for message in messages:
                out(f"{language}: {message!r}")
        return 1 if any(gaps.values()) else 0
    raise ValueError(f"unknown command {command!r}: extract, compile or check")


def main(argv: list[str]) -> int:
    """Command line: `extract`, `compile` or `check`, then optionally an addon."""
    try:
        return run(argv[0] if argv else "", argv[1] if len(argv) > 1 else None)
    except ValueError as exc:
        print(f"{exc}\nusage: python -m core.i18n_tools extract|compile|check [ADDON]",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
