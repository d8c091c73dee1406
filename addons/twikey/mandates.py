"""Mandates: inviting a customer to sign one, and following their state in the mandate feed.

A company signs on the B2B template, anyone else on the CORE (consumer) template. The
invitation is a prepared mandate with a link to sign it; once signed it appears in the
mandate feed and becomes active here; a cancellation there cancels it here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from addons.twikey.client import TwikeyClient
from addons.twikey.connection import NotConfigured, settings
from addons.twikey.models import MandateState, TwikeyFeed, TwikeyMandate
from addons.twikey.translation import N_, _
from core.api import Context, CustomerRecord, email_for, get_contact

MSG_NO_TEMPLATE_B2B = N_("Fill in the B2B template (for companies) in the Twikey settings first.")
MSG_NO_TEMPLATE_CORE = N_("Fill in the CORE template (for consumers) in the Twikey settings "
                          "first.")


def template_for(ctx: Context, customer: CustomerRecord) -> str:
    """The template a customer signs on: B2B for a company, CORE for anyone else."""
    values = settings(ctx)
    if customer.is_company:
        template = (values.get("b2b_template") or "").strip()
        if not template:
            raise NotConfigured(_(MSG_NO_TEMPLATE_B2B))
    else:
        template = (values.get("core_template") or "").strip()
        if not template:
            raise NotConfigured(_(MSG_NO_TEMPLATE_CORE))
    return template


def invitation_fields(ctx: Context, customer: CustomerRecord) -> dict[str, str]:
    """What Twikey is told about the customer with an invitation."""
    email = email_for(ctx, get_contact(ctx, customer.id), "invoice") or customer.email or ""
    fields = {"customerNumber": customer.number, "l": customer.language, "email": email,
              "country": customer.country or "BE"}
    if customer.is_company:
        fields["companyName"] = customer.name
        if customer.vat_number:
            fields["vatno"] = customer.vat_number
    else:
        fields["lastname"] = customer.name
    return {key: value for key, value in fields.items() if value}


def latest_mandate(ctx: Context, contact_id: int) -> TwikeyMandate | None:
    """The customer's newest mandate (active, invited or cancelled), or None."""
    return ctx.session.scalars(
        select(TwikeyMandate).where(TwikeyMandate.contact_id == contact_id)
        .order_by(TwikeyMandate.id.desc()).limit(1)
    ).first()


def active_mandate(ctx: Context, contact_id: int) -> TwikeyMandate | None:
    """The customer's newest active mandate, or None."""
    return ctx.session.scalars(
        select(TwikeyMandate).where(TwikeyMandate.contact_id == contact_id,
                                    TwikeyMandate.state == MandateState.ACTIVE)
        .order_by(TwikeyMandate.id.desc()).limit(1)
    ).first()


def record_invitation(ctx: Context, contact_id: int, template: str,
                      answer: dict[str, Any]) -> TwikeyMandate:
    """Keep the prepared mandate Twikey answered an invitation with."""
    mandate = TwikeyMandate(contact_id=contact_id, mndt_id=str(answer["mndtId"]),
                            template=template, state=MandateState.INVITED,
                            sign_url=str(answer.get("url") or "")[:500])
    ctx.session.add(mandate)
    ctx.session.flush()
    return mandate


def feed_row(ctx: Context) -> TwikeyFeed:
    """The tenant's feed positions (made on first use)."""
    row = ctx.session.scalars(select(TwikeyFeed)).first()
    if row is None:
        row = TwikeyFeed()
        ctx.session.add(row)
        ctx.session.flush()
    return row


def apply_mandate_event(ctx: Context, event: dict[str, Any]) -> TwikeyMandate | None:
    """Bring one mandate feed message into the mandate it is about (None: not one of ours)."""
    if "CxlRsn" in event:
        mndt_id = str(event.get("OrgnlMndtId") or "")
    elif "AmdmntRsn" in event:
        mndt_id = str((event.get("Mndt") or {}).get("MndtId") or event.get("OrgnlMndtId") or "")
    else:
        mndt_id = str((event.get("Mndt") or {}).get("MndtId") or "")
    mandate = ctx.session.scalars(
        select(TwikeyMandate).where(TwikeyMandate.mndt_id == mndt_id)).first()
    if mandate is None:
        return None
    if "CxlRsn" in event:
        mandate.state = MandateState.CANCELLED
        mandate.reason = str((event.get("CxlRsn") or {}).get("Rsn") or "")[:200]
    else:
        body = event.get("Mndt") or {}
        mandate.state = MandateState.ACTIVE
        mandate.reason = ""
        if body.get("DbtrAcct"):
            mandate.iban = str(body["DbtrAcct"])[:34]
    return mandate


def read_mandate_feed(ctx: Context, client: TwikeyClient) -> int:
    """Read the mandate feed from the stored position until it is empty; return how many
    messages were read. The position moves in the same transaction as the mandates, so a
    reading cut short is read again from where the last one committed."""
    row = feed_row(ctx)
    count = 0
    while True:
        page = client.mandate_feed(row.mandate_position)
        if not page.entries:
            return count
        for event in page.entries:
            apply_mandate_event(ctx, event)
        count += len(page.entries)
        row.mandate_position = page.last or row.mandate_position
        ctx.session.flush()
