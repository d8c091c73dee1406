"""What the addon shows on a document's page, a customer's page and its settings page."""

from __future__ import annotations

from typing import Any

from addons.twikey.collections import latest, why_not_collectable
from addons.twikey.connection import settings
from addons.twikey.mandates import latest_mandate
from addons.twikey.models import CollectionState, Kind
from addons.twikey.refunds import collected_invoice, refund_amount, why_not_refundable
from core.api import Context, customer_record, document_record, render_fragment


def document_panel(ctx: Context, document: Any) -> str | None:
    """An invoice's collection (state, reason, button); a credit note's refund."""
    record = document_record(document)
    if record.is_draft:
        return None
    if record.kind == "invoice":
        collection = latest(ctx, record.id)
        can_collect = why_not_collectable(ctx, record) is None
        if collection is None and not can_collect:
            return None
        return render_fragment(ctx, "twikey/document_panel.html", document=record,
                               collection=collection, can_collect=can_collect,
                               failed=CollectionState.FAILED)
    if record.kind == "credit_note" and collected_invoice(ctx, record) is not None:
        refund = latest(ctx, record.id, Kind.REFUND)
        can_refund = why_not_refundable(ctx, record) is None
        return render_fragment(ctx, "twikey/refund_panel.html", document=record,
                               refund=refund, can_refund=can_refund,
                               amount=refund_amount(ctx, record),
                               failed=CollectionState.FAILED)
    return None


def contact_panel(ctx: Context, contact: Any) -> str:
    """The customer's mandate and the way to invite them to sign one."""
    customer = customer_record(contact)
    return render_fragment(ctx, "twikey/contact_panel.html", customer=customer,
                           mandate=latest_mandate(ctx, customer.id))


def settings_panel(ctx: Context, public_url: str | None, slug: str) -> str:
    """The webhook address to give Twikey, and reading the feeds now."""
    base = (public_url or "").rstrip("/")
    return render_fragment(ctx, "twikey/settings_panel.html",
                           webhook_url=f"{base}/apps/twikey/webhook/{slug}",
                           configured=bool((settings(ctx).get("api_key") or "").strip()))
