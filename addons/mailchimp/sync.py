"""Keeping one customer's member up to date: upsert, move, archive, compliance recorded.

These run from the outbox worker, after the customer's save committed, in a unit of work of
the customer's tenant. MailChimp's errors other than "Member In Compliance State" are
raised as they are (`RateLimited`, `Unavailable`, `MailChimpError`): the caller decides
whether to try again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from addons.mailchimp.client import ComplianceState, MailChimpClient, subscriber_hash
from addons.mailchimp.mapping import Subscriber, member_body, normal_email, tag_changes
from addons.mailchimp.models import ARCHIVED, COMPLIANCE, Member
from addons.mailchimp.subscribers import member_of, subscribers
from core.api import Contact, Context, utcnow

ADDON = "mailchimp"


@dataclass(frozen=True)
class Account:
    """The tenant's MailChimp settings: the API key and the chosen audience."""

    api_key: str
    audience: str
    double_opt_in: bool = False

    def client(self, timeout: float = 10.0) -> MailChimpClient:
        """A client for the key (raises `BadApiKey` for a key without data centre)."""
        return MailChimpClient(self.api_key, timeout=timeout)


def account(ctx: Context) -> Account | None:
    """The tenant's account, or None while the key or the audience is missing."""
    settings = ctx.addon_settings(ADDON)
    key, audience = str(settings.get("api_key") or ""), str(settings.get("audience") or "")
    if not key.strip() or not audience.strip():
        return None
    return Account(key.strip(), audience.strip(), bool(settings.get("double_opt_in")))


def record_member(ctx: Context, member: Member | None, subscriber: Subscriber, list_id: str,
                  status: str, detail: str = "", tags: list[str] | None = None) -> Member:
    """Write what MailChimp now holds for the customer."""
    if member is None:
        member = Member(contact_id=subscriber.contact_id, tags=[])
        ctx.session.add(member)
    member.list_id, member.email = list_id, subscriber.email
    member.subscriber_hash, member.status, member.detail = subscriber.key, status, detail
    if tags is not None:
        member.tags = list(tags)
    member.synced_at = utcnow()
    return member


def upsert(ctx: Context, client: MailChimpClient, acct: Account, subscriber: Subscriber,
           member: Member | None) -> Member:
    """Add or update the customer's member; an address changed since the last sync moves the
    member (the old hash is updated with the new address)."""
    same_list = member is not None and member.list_id == acct.audience
    if same_list and member.status == COMPLIANCE and member.email == subscriber.email:
        return member  # MailChimp said no for this address: recorded, not asked again
    moving = same_list and member.email != subscriber.email and member.status != ARCHIVED
    key = member.subscriber_hash if moving else subscriber.key
    try:
        reply = client.upsert_member(acct.audience, key, member_body(subscriber,
                                                                     acct.double_opt_in))
    except ComplianceState as refusal:
        return record_member(ctx, member, subscriber, acct.audience, COMPLIANCE,
                             refusal.detail or refusal.title)
    sent = list(member.tags) if same_list else []
    changes = tag_changes(subscriber.tags, sent)
    if changes:
        client.set_tags(acct.audience, subscriber.key, changes)
    return record_member(ctx, member, subscriber, acct.audience, str(reply.get("status", "")),
                         tags=list(subscriber.tags))


def shared_address(ctx: Context, email: str, contact_id: int | None) -> bool:
    """Whether another customer of the tenant that belongs in the audience has this address
    (then the member stays: it is theirs too)."""
    query = select(Contact.id).where(
        func.lower(func.trim(Contact.email)) == email, Contact.is_customer.is_(True),
        Contact.archived.is_(False), Contact.merged_into_id.is_(None))
    if contact_id is not None:
        query = query.where(Contact.id != contact_id)
    return ctx.session.scalar(query.limit(1)) is not None


def archive(ctx: Context, client: MailChimpClient, member: Member) -> None:
    """Archive the member in MailChimp (not delete it: its history and opt-out stay),
    unless another customer has the same address."""
    if member.status not in (ARCHIVED, COMPLIANCE) \
            and not shared_address(ctx, member.email, member.contact_id):
        client.archive_member(member.list_id, member.subscriber_hash)
    if member.status != COMPLIANCE:
        member.status = ARCHIVED
    member.synced_at = utcnow()


def sync_contact(ctx: Context, contact_id: int, client: MailChimpClient | None = None) -> str:
    """Bring the customer's member in line with the customer; what was done, as a word
    (`skipped` when MailChimp is not set up, `archived`, or the member's status)."""
    acct = account(ctx)
    if acct is None:
        return "skipped"
    own = client is None
    client = client or acct.client()
    try:
        member = member_of(ctx, contact_id)
        subscriber = subscribers(ctx, [contact_id]).get(contact_id)
        if subscriber is None:
            if member is None:
                return "skipped"
            archive(ctx, client, member)
            return ARCHIVED
        return upsert(ctx, client, acct, subscriber, member).status
    finally:
        if own:
            client.close()


def forget_address(ctx: Context, email: str, list_id: str | None = None,
                   client: MailChimpClient | None = None) -> str:
    """Archive the member of an address whose customer was deleted."""
    acct = account(ctx)
    if acct is None:
        return "skipped"
    own = client is None
    client = client or acct.client()
    key = subscriber_hash(normal_email(email))
    if shared_address(ctx, normal_email(email), None):
        return "skipped"
    try:
        client.archive_member(list_id or acct.audience, key)
        for member in ctx.session.scalars(select(Member).where(
                Member.subscriber_hash == key, Member.contact_id.is_(None))):
            member.status, member.synced_at = ARCHIVED, utcnow()
        return ARCHIVED
    finally:
        if own:
            client.close()


def payload_for(contact: Any) -> dict[str, Any]:
    """The outbox payload of a customer's sync: its id, and its address for the log."""
    return {"contact_id": contact.id, "email": normal_email(contact.email)}
