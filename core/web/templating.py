"""Jinja environments: one per (theme, set of active addons), cached like the hook managers.

Templates resolve theme (`themes/<theme>/templates`) → active addons' `templates/` folders
(dependents before their dependencies) → core (`core/web/templates`), so a theme or an addon
can replace any core template by shipping one with the same name.

Stock Jinja with its i18n extension: `_()`, `gettext()` and `ngettext()` translate in the
domain of the template, an addon's templates (`<addon id>/...`) in the addon's catalog first,
then core's; core's templates in core's catalog.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.support import NullTranslations
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup

from core import i18n
from core.contacts.models import Contact
from core.documents.models import Document
from core.documents.records import customer_record, document_record
from core.paths import THEMES_DIR
from core.tenants.models import Tenant
from core.web import formatting
from core.web.security import session_csrf_token

if TYPE_CHECKING:
    from core.context import Context, Kernel

CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_THEME = "default"


def subject_record(obj: Any) -> Any:
    """What a slot hook receives for a page's subject: the read model of a stored document
    or contact, anything else as it is."""
    if isinstance(obj, Document):
        return document_record(obj)
    if isinstance(obj, Contact):
        return customer_record(obj)
    return obj


@pass_context
def slot(context: TemplateContext, name: str, obj: Any = None) -> Markup:
    """The HTML that active addons put in a named slot; one that raises is left out."""
    ctx = context.get("ctx")
    if ctx is None:
        return Markup("")
    parts = ctx.fragments("ui_slot", name=name, obj=subject_record(obj))
    return Markup("").join(Markup(str(html)) for _addon_id, html in parts)


@pass_context
def csrf_token(context: TemplateContext) -> str:
    """The CSRF token of the page's session, for hidden form fields."""
    request = context.get("request")
    if request is None:
        return ""
    return session_csrf_token(request)


@lru_cache(maxsize=1024)
def template_domain(template_name: str | None, domains: frozenset[str]) -> str:
    """The gettext domain of a template: the addon id its name starts with (one of
    `domains`), else core's."""
    head = (template_name or "").partition("/")[0]
    return head if head in domains else i18n.DOMAIN


def _catalog(context: TemplateContext) -> NullTranslations:
    domain = template_domain(context.name, i18n.domain_names())
    return i18n.translations(i18n.current_language(), domain)


@pass_context
def gettext_in_domain(context: TemplateContext, message: str) -> str:
    """A template's message in the current language, from its domain's catalog (Jinja's
    i18n extension formats it and marks it safe)."""
    return _catalog(context).gettext(message)


@pass_context
def ngettext_in_domain(context: TemplateContext, singular: str, plural: str, n: int) -> str:
    """A template's singular or plural message for `n`, from its domain's catalog."""
    return _catalog(context).ngettext(singular, plural, n)


class Templates:
    """Hands out the Jinja environment for a tenant's theme and active addons."""

    def __init__(self, app: Kernel, cache_size: int = 128) -> None:
        self.app = app
        self.environment = lru_cache(maxsize=cache_size)(self._build)

    def folders(self, theme: str, active: frozenset[str]) -> list[Path]:
        """Where templates are looked for, first match wins."""
        folders = [THEMES_DIR / (theme or DEFAULT_THEME) / "templates"]
        for addon_id in reversed(self.app.catalogue.sorted_ids(active)):
            folder = self.app.catalogue.addons[addon_id].folder("templates")
            if folder is not None:
                folders.append(folder)
        folders.append(CORE_TEMPLATES)
        return folders

    def _build(self, theme: str, active: frozenset[str]) -> Environment:
        loader = ChoiceLoader([FileSystemLoader(str(f)) for f in self.folders(theme, active)])
        env = Environment(
            loader=loader,
            autoescape=select_autoescape(("html", "xml"), default_for_string=True),
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            auto_reload=self.app.settings.debug,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext_in_domain, ngettext_in_domain, newstyle=True)
        languages = [(code, i18n.LANGUAGE_NAMES[code]) for code in i18n.UI_LANGUAGES]
        env.globals.update(slot=slot, csrf_token=csrf_token, ui_languages=languages)
        env.filters.update(
            format_currency=formatting.format_currency,
            format_decimal=formatting.format_decimal,
            format_date=formatting.format_date,
        )
        return env

    def render(self, name: str, values: dict[str, Any], *, theme: str = DEFAULT_THEME,
               active: frozenset[str] = frozenset()) -> str:
        """Render a template for a theme and set of active addons."""
        return self.environment(theme, active).get_template(name).render(values)


def render_fragment(ctx: Context, template_name: str, /, **values: Any) -> Markup:
    """An addon's template rendered as an HTML fragment (for a UI slot or a PDF block).

    Uses the cached environment of the tenant's theme and active addons, so the fragment
    may include templates and call slots of any active addon; the template receives `ctx`
    and `values`.
    """
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    theme = (tenant.theme if tenant is not None else "") or DEFAULT_THEME
    templates: Templates = ctx.app.web.state.templates
    html = templates.render(template_name, {"ctx": ctx, **values}, theme=theme, active=ctx.active)
    return Markup(html)
