"""Settings → Apps: every offered addon, switching on and off with confirmation, settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.addons.activation import Change, plan_off, plan_on
from core.addons.catalogue import InstalledAddon
from core.addons.errors import AddonError, DependentsActive, SettingsError
from core.addons.manifest import SettingSpec
from core.addons.settings import parse_setting
from core.context import Context
from core.i18n import N_, _, ngettext
from core.number_input import show_number
from core.web.confirm import Confirmation, confirm_page
from core.web.forms import Form, form_data
from core.web.identity import facturo
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render

SETTING_ERRORS = {
    "expected yes or no": N_("Choose yes or no."),
    "expected a whole number": N_("Enter a whole number."),
    "expected a number": N_("Enter a number, such as %(example)s."),
    "unknown setting": N_("This setting does not exist."),
}

CATEGORIES = (N_("Accounting"), N_("Sales"), N_("Purchases"), N_("Inventory"),
              N_("Marketing"), N_("Services"), N_("Other"))
"""The categories addons are filed under (a manifest's `category`), so that they are
translated; a third-party category missing here shows as its manifest writes it."""


@dataclass(frozen=True)
class AppView:
    """An addon as the Apps page shows it."""

    id: str
    label: str
    summary: str
    category: str
    version: str
    author: str
    active: bool
    automatic: bool
    needs: tuple[str, ...]


def menu(ctx: Context) -> list[MenuItem]:
    """The Apps entry, for administrators."""
    return [MenuItem(_("Apps"), "/settings/apps", icon="apps", order=20, section=SETTINGS,
                     admin_only=True)]


def _label(ctx: Context, addon_id: str) -> str:
    return ctx.app.catalogue.addons[addon_id].manifest.label(ctx.language)


def _view(ctx: Context, addon: InstalledAddon) -> AppView:
    manifest = addon.manifest
    return AppView(
        id=addon.id,
        label=manifest.label(ctx.language),
        summary=manifest.description(ctx.language),
        category=_(manifest.category),
        version=manifest.version,
        author=manifest.author,
        active=addon.id in ctx.active,
        automatic=manifest.auto_install,
        needs=tuple(_label(ctx, dep) for dep in manifest.depends if dep in ctx.app.catalogue),
    )


def _offered(ctx: Context, addon_id: str) -> InstalledAddon:
    app = ctx.app
    if addon_id not in app.catalogue or not app.registry.is_offered(addon_id):
        raise HTTPException(404)
    return app.catalogue.addons[addon_id]


@page(admin=True)
async def apps(request: Request, ctx: Context) -> Response:
    """Every addon this deployment offers, grouped by category."""
    app = ctx.app
    views = [_view(ctx, app.catalogue.addons[i]) for i in app.catalogue.order
             if app.registry.is_offered(i)]
    views.sort(key=lambda v: (v.category.lower(), v.label.lower()))
    categories: dict[str, list[AppView]] = {}
    for view in views:
        categories.setdefault(view.category, []).append(view)
    return render(request, ctx, "settings/apps.html",
                  {"title": _("Apps"), "categories": categories, "broken": _broken(ctx)})


@dataclass(frozen=True)
class BrokenApp:
    """An installed app whose code does not load, as the Apps page warns about it."""

    id: str
    active: bool


def _broken(ctx: Context) -> list[BrokenApp]:
    """Broken apps that are on for the company or offered to it (the details are logged)."""
    app = ctx.app
    return [
        BrokenApp(addon_id, addon_id in ctx.broken)
        for addon_id in sorted(app.catalogue.broken)
        if addon_id in ctx.broken or app.registry.is_offered(addon_id)
    ]


def _setting_error(message: str) -> str:
    if message in SETTING_ERRORS:
        return _(SETTING_ERRORS[message]) % {"example": show_number(Decimal("10.5"))}
    if message.startswith("expected one of "):
        return _("Choose one of: %(choices)s") % {"choices": message[len("expected one of "):]}
    return _(message)


def _submitted(spec: SettingSpec, values: dict[str, str]) -> Any:
    if spec.type == "boolean":
        return spec.key in values
    return values.get(spec.key, "")


def _shown(spec: SettingSpec, value: Any) -> Any:
    """A setting's value as its form field shows it, in the user's way of writing numbers."""
    if spec.type == "boolean":
        return bool(value)
    if spec.type in ("decimal", "integer") and isinstance(value, Decimal | int):
        return show_number(value)
    return "" if value is None else str(value)


@page(admin=True)
async def app_detail(request: Request, ctx: Context) -> Response:
    """One addon: what it is, its state and, when on, its settings form."""
    addon = _offered(ctx, request.path_params["addon_id"])
    specs = addon.manifest.settings
    active = addon.id in ctx.active
    form = Form()
    if active:
        current = ctx.addon_settings(addon.id)
        form = Form({spec.key: _shown(spec, current.get(spec.key)) for spec in specs})
    if request.method == "POST":
        if not active:
            raise HTTPException(404)
        values = await form_data(request)
        submitted = {spec.key: _submitted(spec, values) for spec in specs}
        form = Form(submitted)
        given = {}
        for spec in specs:  # typed in the user's language: "10,5" in Dutch, "10.5" in English
            try:
                given[spec.key] = parse_setting(spec, submitted[spec.key], ctx.language)
            except ValueError as exc:
                form.add_error(spec.key, _setting_error(str(exc)))
        try:
            if not form.errors:
                ctx.app.addon_manager.configure(ctx.tenant_id, addon.id, given)
        except SettingsError as exc:
            for key, message in exc.errors.items():
                form.add_error(key, _setting_error(message))
        if not form.errors:
            flash(request, _("The settings of %(app)s are saved.") % {"app": _label(ctx, addon.id)},
                  "success")
            return redirect(f"/settings/apps/{addon.id}")
    return render(
        request, ctx, "settings/app_detail.html",
        {"title": _label(ctx, addon.id), "app": _view(ctx, addon), "specs": specs,
         "form": form, "label": _,
         "choice_options": {spec.key: [(c, _(c)) for c in spec.choices] for spec in specs}},
        status_code=422 if form.errors else 200,
    )


def _labels(ctx: Context, ids: tuple[str, ...] | list[str]) -> list[str]:
    return [_label(ctx, addon_id) for addon_id in ids]


def _on_confirmation(ctx: Context, addon: InstalledAddon, change: Change) -> Confirmation:
    label = _label(ctx, addon.id)
    others = [i for i in change.switch_on if i != addon.id]
    groups = [(_("These apps are switched on too, because %(app)s needs them or works "
                 "with them:") % {"app": label}, _labels(ctx, others))] if others else []
    return Confirmation(
        title=_("Switch on %(app)s?") % {"app": label},
        message=addon.manifest.description(ctx.language),
        action=f"/settings/apps/{addon.id}/on",
        confirm_label=_("Switch on"),
        cancel_url="/settings/apps",
        groups=groups,
        notes=[] if others else [_("No other app changes.")],
    )


def _off_confirmation(ctx: Context, addon: InstalledAddon, change: Change) -> Confirmation:
    label = _label(ctx, addon.id)
    dependents = list(change.needs_confirmation)
    automatic = [i for i in change.switch_off if i != addon.id and i not in dependents]
    groups: list[tuple[str, list[str]]] = []
    if dependents:
        groups.append((_("These apps need %(app)s and are switched off too:") % {"app": label},
                       _labels(ctx, dependents)))
    if automatic:
        groups.append((_("These apps follow automatically and are switched off too:"),
                       _labels(ctx, automatic)))
    count = len(change.switch_off)
    return Confirmation(
        title=_("Switch off %(app)s?") % {"app": label},
        message=_("Its menus, pages and automatic actions disappear for your company."),
        action=f"/settings/apps/{addon.id}/off",
        confirm_label=(ngettext("Switch off %(count)d app", "Switch off %(count)d apps", count)
                       % {"count": count} if count > 1
                       else _("Switch off")),
        cancel_url="/settings/apps",
        groups=groups,
        notes=[_("All data is kept: switch the app on again and everything is back.")],
        fields={"cascade": "1"} if dependents else {},
        danger=True,
    )


@page(admin=True)
async def switch_on(request: Request, ctx: Context) -> Response:
    """Confirm (GET) and switch on (POST) an addon with what it needs."""
    addon = _offered(ctx, request.path_params["addon_id"])
    if addon.id in ctx.active:
        return redirect(f"/settings/apps/{addon.id}")
    try:
        change = plan_on(ctx.app.catalogue, ctx.app.registry, ctx.active, addon.id)
    except AddonError as exc:
        flash(request, _("%(app)s cannot be switched on: %(reason)s")
              % {"app": _label(ctx, addon.id), "reason": exc.problem}, "error")
        return redirect("/settings/apps")
    if request.method == "GET":
        return confirm_page(request, ctx, _on_confirmation(ctx, addon, change))
    try:
        done = facturo(request).addon_manager.switch_on(ctx.tenant_id, addon.id)
    except AddonError as exc:
        flash(request, _("%(app)s could not be switched on: %(reason)s")
              % {"app": _label(ctx, addon.id), "reason": exc.problem}, "error")
        return redirect("/settings/apps")
    flash(request, _("Switched on: %(apps)s.") % {"apps": ", ".join(_labels(ctx, done.switch_on))},
          "success")
    return redirect(f"/settings/apps/{addon.id}")


@page(admin=True)
async def switch_off(request: Request, ctx: Context) -> Response:
    """Confirm (GET) and switch off (POST) an addon, and the active ones that need it."""
    addon = _offered(ctx, request.path_params["addon_id"])
    if addon.id not in ctx.active:
        return redirect(f"/settings/apps/{addon.id}")
    change = plan_off(ctx.app.catalogue, ctx.active, addon.id)
    if request.method == "GET":
        return confirm_page(request, ctx, _off_confirmation(ctx, addon, change))
    values = await form_data(request)
    try:
        done = facturo(request).addon_manager.switch_off(
            ctx.tenant_id, addon.id, cascade=values.get("cascade") == "1"
        )
    except DependentsActive:
        return confirm_page(request, ctx, _off_confirmation(ctx, addon, change), 409)
    except AddonError as exc:
        flash(request, _("%(app)s could not be switched off: %(reason)s")
              % {"app": _label(ctx, addon.id), "reason": exc.problem}, "error")
        return redirect("/settings/apps")
    flash(request, _("Switched off: %(apps)s. Their data is kept.")
          % {"apps": ", ".join(_labels(ctx, done.switch_off))}, "success")
    return redirect("/settings/apps")


routes = [
    Route("/settings/apps", apps, name="apps"),
    Route("/settings/apps/{addon_id}", app_detail, methods=["GET", "POST"], name="app_detail"),
    Route("/settings/apps/{addon_id}/on", switch_on, methods=["GET", "POST"], name="app_on"),
    Route("/settings/apps/{addon_id}/off", switch_off, methods=["GET", "POST"], name="app_off"),
]
