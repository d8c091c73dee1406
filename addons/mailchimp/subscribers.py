"""Reading customers as subscribers, and the members Facturo keeps for them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from addons.mailchimp.mapping import Subscriber, normal_email
from addons.mailchimp.models import Member
from core.api import Contact, ContactPerson, Context, tags_by_contact

CHUNK = 500


def _first_persons(ctx: Context, ids: list[int]) -> dict[int, str]:
    rows = ctx.session.execute(
        select(ContactPerson.contact_id, ContactPerson.name)
        .where(ContactPerson.contact_id.in_(ids)).order_by(ContactPerson.id.desc()))
    return {contact_id: name for contact_id, name in rows}  # the first (lowest id) stays


def subscribers(ctx: Context, contact_ids: Iterable[int]) -> dict[int, Subscriber]:
    """The customers among these ids that belong in the audience (a customer, not archived
    nor merged away, with an address), by id."""
    ids = list(contact_ids)
    found: dict[int, Subscriber] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = ctx.session.execute(
            select(Contact.id, Contact.email, Contact.name, Contact.is_company, Contact.language)
            .where(Contact.id.in_(chunk), Contact.is_customer.is_(True),
                   Contact.archived.is_(False), Contact.merged_into_id.is_(None)))
        rows = [row for row in rows if normal_email(row.email)]
        persons = _first_persons(ctx, [row.id for row in rows])
        tags = tags_by_contact(ctx, [row.id for row in rows])
        for row in rows:
            found[row.id] = Subscriber(
                row.id, normal_email(row.email), row.name, row.is_company,
                persons.get(row.id, ""), row.language or "nl", tuple(tags.get(row.id, ())))
    return found


def all_customer_ids(ctx: Context) -> Iterator[list[int]]:
    """The ids of the tenant's contacts that may be subscribers, in chunks."""
    query = (select(Contact.id).where(Contact.is_customer.is_(True), Contact.email.is_not(None))
             .order_by(Contact.id))
    ids = list(ctx.session.scalars(query))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def member_of(ctx: Context, contact_id: int) -> Member | None:
    """The member Facturo keeps for a customer."""
    return ctx.session.scalar(select(Member).where(Member.contact_id == contact_id))


def members_by_contact(ctx: Context) -> dict[int | None, list[Member]]:
    """Every member Facturo keeps, by customer id (None for deleted customers)."""
    result: dict[int | None, list[Member]] = {}
    for member in ctx.session.scalars(select(Member).order_by(Member.id)):
        result.setdefault(member.contact_id, []).append(member)
    return result
