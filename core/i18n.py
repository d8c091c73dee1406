"""Translations: Babel catalogs for core (`i18n/`) and for each addon (`<addon>/i18n/`).

The language of the current request or document is a context variable, so that code deep in
a service can translate without passing the language around. Messages are marked with `_`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from core.paths import I18N_DIR

LANGUAGES = ("nl", "fr", "en", "de")
UI_LANGUAGES = ("nl", "fr", "en")
DEFAULT_LANGUAGE = "nl"
DOMAIN = "facturo"

_language: ContextVar[str] = ContextVar("facturo_language", default=DEFAULT_LANGUAGE)
_extra_dirs: list[Path] = []


def register_catalog_dir(folder: Path) -> None:
    """Add an addon's `i18n/` folder; its messages are merged over core's."""
    if folder not in _extra_dirs:
        _extra_dirs.append(folder)
        translations.cache_clear()


@cache
def translations(language: str) -> NullTranslations:
    """The merged addon and core catalogs of a language.

    Addons add their own messages; where an addon translates a message core has too, core's
    wording wins, so that installing an addon never changes what core prints. The plural
    rule is the catalogs' own (French: 0 and 1 singular), not the empty catalog's default.
    """
    merged = Translations()
    for folder in [*_extra_dirs, I18N_DIR]:
        catalog = Translations.load(str(folder), [language], DOMAIN)
        if isinstance(catalog, Translations):
            merged.merge(catalog)
            merged.plural = catalog.plural  # `merge` keeps the messages only
    return merged


current_language: Callable[[], str] = _language.get
"""The language of the current unit of work (called on every formatted value of a page)."""


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Translate in this language inside the block."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def gettext(message: str, language: str | None = None) -> str:
    """The message in the given language, or the current one."""
    return translations(language or current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, language: str | None = None) -> str:
    """The singular or plural message for n in the given or current language."""
    return translations(language or current_language()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message
