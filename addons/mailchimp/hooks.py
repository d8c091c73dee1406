"""Hook implementations of the MailChimp addon."""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from starlette.routing import BaseRoute
from typer import Typer

from addons.mailchimp.cli import cli
from addons.mailchimp.client import BadApiKey, data_centre
from addons.mailchimp.models import ARCHIVED, COMPLIANCE
from addons.mailchimp.queue import handlers, queue_forget, queue_full_sync, queue_member
from addons.mailchimp.subscribers import member_of
from addons.mailchimp.translation import _
from addons.mailchimp.web import routes
from core.api import (
    Context,
    CustomerRecord,
    MenuItem,
    OutboxHandler,
    hookimpl,
    render_fragment,
)

ADDON_ID = "mailchimp"


@hookimpl
def addon_settings_validate(
    ctx: Context, addon_id: str, settings: dict[str, Any]
) -> dict[str, str]:
    """An API key ends in its data centre (`…-us21`)."""
    if addon_id != ADDON_ID or not str(settings.get("api_key") or "").strip():
        return {}
    try:
        data_centre(str(settings["api_key"]))
    except BadApiKey:
        return {"api_key": _("An API key ends with its data centre, like …-us21.")}
    return {}


@hookimpl
def facturo_cli(app: Typer) -> None:
    """`facturo mailchimp sync TENANT` and `facturo mailchimp audiences TENANT`."""
    app.add_typer(cli, name="mailchimp")


@hookimpl
def contact_saved(ctx: Context, contact: CustomerRecord, created: bool) -> None:
    """Queue the customer's sync (upsert, move or archive), in the saving transaction."""
    queue_member(ctx, contact.id, contact.email)


@hookimpl
def contacts_imported(ctx: Context, contact_ids: list[int]) -> None:
    """An import brings many customers at once: a full sync through batches."""
    if contact_ids:
        queue_full_sync(ctx)


@hookimpl
def contact_deleted(ctx: Context, contact: CustomerRecord) -> None:
    """A deleted customer's member is archived."""
    member = member_of(ctx, contact.id)
    if member is not None and member.status not in (ARCHIVED, COMPLIANCE):
        queue_forget(ctx, member.email, member.list_id)


@hookimpl
def facturo_outbox_handlers() -> list[OutboxHandler]:
    """Upserts, archives and full syncs, run by the outbox worker."""
    return handlers()


@hookimpl
def facturo_routes() -> list[BaseRoute]:
    """The MailChimp page (audience, full sync) under /apps/mailchimp/."""
    return routes


@hookimpl
def facturo_menu(ctx: Context) -> list[MenuItem]:
    """MailChimp in Settings."""
    return [MenuItem("MailChimp", "/apps/mailchimp/", icon="mail", order=80,
                     section="settings", admin_only=True)]


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The customer's member on the customer's page; a link to the MailChimp page on the
    app's settings."""
    if name == "settings.app" and obj == ADDON_ID:
        label = escape(_("Audience and full sync"))
        return f"<p><a class='button' href='/apps/mailchimp/'>{label}</a></p>"
    if name == "contact.detail.panels" and obj is not None:
        member = member_of(ctx, obj.id)
        if member is not None:
            return render_fragment(ctx, "mailchimp/panel.html", member=member)
    return None
