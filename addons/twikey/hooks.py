"""Hook implementations of the Twikey addon."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.routing import Route

from addons.twikey import panels, queue
from addons.twikey.collections import queue_collection, why_not_collectable
from addons.twikey.connection import ADDON, settings
from addons.twikey.translation import N_, _
from addons.twikey.web import ROUTES
from core.api import Context, DocumentRecord, Job, OutboxHandler, Tenant, hookimpl

MSG_BAD_URL = N_("Give an address that starts with https:// (or http:// for a test server).")


@hookimpl
def facturo_routes() -> list[Route]:
    """Invite, collect, refund, read now, and the webhook, under /apps/twikey/."""
    return ROUTES


@hookimpl
def facturo_outbox_handlers() -> list[OutboxHandler]:
    """Sending collections and refunds; reading the mandate, transaction and refund feeds."""
    return queue.HANDLERS


@hookimpl
def facturo_jobs() -> list[Job]:
    """Every hour: queue what was never sent, and a reading of the feeds."""
    return [Job("sync", queue.hourly, interval=timedelta(hours=1),
                description="Send queued collections, read Twikey's mandates and payments")]


@hookimpl
def addon_settings_validate(ctx: Context, addon_id: str, settings: dict[str, Any]
                            ) -> dict[str, str] | None:
    """The API address is a web address."""
    if addon_id != ADDON:
        return None
    url = str(settings.get("api_url") or "")
    if not url.startswith(("https://", "http://")):
        return {"api_url": _(MSG_BAD_URL)}
    return None


@hookimpl
def document_posted(ctx: Context, document: DocumentRecord) -> None:
    """An invoice of a customer with an active mandate is queued for collection when the
    tenant collects automatically (sent once the posting committed)."""
    record = document
    if record.kind != "invoice" or not settings(ctx).get("collect_automatically"):
        return
    if why_not_collectable(ctx, record) is None:
        row = queue_collection(ctx, record)
        queue.send_after_commit(ctx, row.id)


@hookimpl
def ui_slot(ctx: Context, name: str, obj: Any) -> str | None:
    """The collection on an invoice, the refund on a credit note, the mandate on a customer,
    the webhook address in the settings."""
    if name == "document.detail.panels" and obj is not None:
        return panels.document_panel(ctx, obj)
    if name == "contact.detail.panels" and obj is not None:
        return panels.contact_panel(ctx, obj)
    if name == "settings.app" and obj == ADDON:
        tenant = ctx.session.get(Tenant, ctx.tenant_id)
        return panels.settings_panel(ctx, ctx.app.settings.public_url,
                                     tenant.slug if tenant else "")
    return None
