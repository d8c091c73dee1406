"""Jinja environments: one per (theme, set of active addons), cached like the hook managers.

Templates resolve theme (`themes/<theme>/templates`) → active addons' `templates/` folders
(dependents before their dependencies) → core (`core/web/templates`), so a theme or an addon
can replace any core template by shipping one with the same name.

A list page writes several hundred values: the environment compiles each `{{ value }}` of an
HTML template to an escape that gives a plain string rather than a `Markup` (the pieces are
only ever joined, and Jinja wraps what a macro or a block returns as `Markup` itself), and
`_()` translates without Jinja's context-resolving alias, remembering each finished text.
"""

from __future__ import annotations

from collections.abc import MutableMapping
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
    pass_eval_context,
    select_autoescape,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext, Expr
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup, escape

from core import i18n
from core.paths import THEMES_DIR
from core.tenants.models import Tenant
from core.web import formatting

try:
    from markupsafe import _escape_inner as _escape_str
except ImportError:  # a markupsafe without it: its public escape gives the same text
    _escape_str = escape

if TYPE_CHECKING:
    from core.app import Facturo
    from core.context import Context

CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_THEME = "default"


@pass_context
def slot(context: TemplateContext, name: str, obj: Any = None) -> Markup:
    """The HTML that active addons put in a named slot; one that raises is left out."""
    ctx = context.get("ctx")
    if ctx is None:
        return Markup("")
    parts = ctx.fragments("ui_slot", name=name, obj=obj)
    return Markup("").join(Markup(str(html)) for _addon_id, html in parts)


@pass_context
def csrf_token(context: TemplateContext) -> str:
    """The CSRF token of the page's session, for hidden form fields."""
    request = context.get("request")
    if request is None:
        return ""
    from core.web.security import session_csrf_token

    return session_csrf_token(request)


def escape_output(value: Any) -> str:
    """`value` as HTML text, as `markupsafe.escape` writes it, but as a plain string."""
    if type(value) is str:
        return _escape_str(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _escape_str(str(value))


class _Generator(CodeGenerator):
    """Compiles the values of an autoescaped template's output to `escape_output`."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class PageEnvironment(Environment):
    """A Jinja environment whose HTML output is escaped to plain strings (see the module)."""

    code_generator_class = _Generator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.escape_output = escape_output

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals: the environment's, as they are when it is loaded (they are
        all set when the environment is built), overlaid with its own, in a plain dict that
        each render, include and import copies cheaply."""
        return {**self.globals, **(d or {})}


@lru_cache(maxsize=32)
def _finished_texts(catalog: NullTranslations) -> dict[str, Markup]:
    """Messages of a catalog already translated for HTML, by message (a new catalog, after
    `i18n.register_catalog_dir`, starts afresh)."""
    return {}


@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    """`_()` and `gettext()` in templates: the message in the current language, always taken
    as a format string (in HTML, the values are escaped and the result is `Markup`)."""
    if not eval_ctx.autoescape:
        return i18n.gettext(message) % variables
    if variables:
        return Markup(i18n.gettext(message)) % variables
    texts = _finished_texts(i18n.translations(i18n.current_language()))
    text = texts.get(message)
    if text is None:
        text = texts[message] = Markup(i18n.gettext(message)) % variables
    return text


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, n: int, /,
              **variables: Any) -> str:
    """`ngettext()` in templates: singular or plural for `n`, with `num` set to `n`."""
    variables.setdefault("num", n)
    text = i18n.ngettext(singular, plural, n)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


class Templates:
    """Hands out the Jinja environment for a tenant's theme and active addons."""

    def __init__(self, app: Facturo, cache_size: int = 128) -> None:
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
        env = PageEnvironment(
            loader=loader,
            autoescape=select_autoescape(("html", "xml"), default_for_string=True),
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            auto_reload=self.app.settings.debug,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_callables(  # type: ignore[attr-defined]
            i18n.gettext, i18n.ngettext, newstyle=True)
        env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
        env.globals.update(slot=slot, csrf_token=csrf_token)
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
