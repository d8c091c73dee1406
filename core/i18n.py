"""Translations: Babel catalogs for core (`i18n/`) and for each addon (`<addon>/i18n/`).

The language of the current request or document is a context variable, so that code deep in
a service can translate without passing the language around. Messages are marked with `_`.

Each addon is a gettext domain of its own (its id): its messages are looked up in its own
catalog first, then in core's, never in another addon's; core's messages are looked up in
core's catalog only, so installing an addon never changes what core prints. An addon takes
its `_`, `ngettext` and `N_` from `Domain("<addon id>")`; `N_` marks the text with the
domain, so that core code that translates it later (a document kind, an import column)
finds the addon's wording.
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
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English", "de": "Deutsch"}
"""Each language named in itself, as a language switch shows it."""
DEFAULT_LANGUAGE = "nl"
DOMAIN = "facturo"

_language: ContextVar[str] = ContextVar("facturo_language", default=DEFAULT_LANGUAGE)
_domains: dict[str, Path] = {}
_domain_names: frozenset[str] = frozenset()


class Text(str):
    """A message marked with `N_` by an addon: a `str` that knows its domain."""

    __slots__ = ("domain",)
    domain: str

    def __new__(cls, message: str, domain: str) -> Text:
        text = super().__new__(cls, message)
        text.domain = domain
        return text


def register_domain(name: str, folder: Path) -> None:
    """Give the domain `name` (an addon id) its catalog folder, `<addon>/i18n/`."""
    global _domain_names
    if _domains.get(name) != folder:
        _domains[name] = folder
        _domain_names = frozenset(_domains)
        translations.cache_clear()


def domain_names() -> frozenset[str]:
    """The addon domains that have a catalog folder."""
    return _domain_names


@cache
def translations(language: str, domain: str = DOMAIN) -> NullTranslations:
    """The catalog of a domain in a language: the addon's own, falling back to core's.

    Where an addon translates a message core has too, the addon's wording wins for the
    addon's own text (its `_`, its templates); core's text is looked up in core's catalog
    only.
    """
    core = Translations.load(str(I18N_DIR), [language], DOMAIN)
    folder = _domains.get(domain) if domain != DOMAIN else None
    if folder is None:
        return core
    own = Translations.load(str(folder), [language], domain)
    if not isinstance(own, Translations):
        return core
    own.add_fallback(core)
    return own


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
    """The message in the given language, or the current one (a `Text` in its domain)."""
    domain = getattr(message, "domain", DOMAIN)
    return translations(language or current_language(), domain).gettext(message)


def ngettext(singular: str, plural: str, n: int, language: str | None = None) -> str:
    """The singular or plural message for n in the given or current language."""
    domain = getattr(singular, "domain", DOMAIN)
    return translations(language or current_language(), domain).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message


class Domain:
    """The messages of one addon: `_`, `ngettext` and `N_` bound to its catalog.

    An addon's `translation.py` holds `_, ngettext, N_ = Domain("memo").functions()`.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def gettext(self, message: str, language: str | None = None) -> str:
        """The message in the given or current language, from the addon's catalog first."""
        return translations(language or current_language(), self.name).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, language: str | None = None) -> str:
        """The singular or plural message for n, from the addon's catalog first."""
        return translations(language or current_language(), self.name).ngettext(
            singular, plural, n)

    def mark(self, message: str) -> Text:
        """Mark a message for extraction; translated later, it is looked up in this domain."""
        return Text(message, self.name)

    def functions(
        self,
    ) -> tuple[Callable[..., str], Callable[..., str], Callable[[str], Text]]:
        """`_`, `ngettext` and `N_` of the domain."""
        return self.gettext, self.ngettext, self.mark
