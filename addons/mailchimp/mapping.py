"""What a customer becomes in a MailChimp audience: the member body, its key and tags."""

from __future__ import annotations

from dataclasses import dataclass

from addons.mailchimp.client import subscriber_hash

LANGUAGES = {"nl": "nl", "fr": "fr", "en": "en", "de": "de"}
"""Facturo's languages as MailChimp's member `language` codes."""


@dataclass(frozen=True)
class Subscriber:
    """The customer data that goes to MailChimp."""

    contact_id: int
    email: str
    name: str
    is_company: bool
    person: str = ""
    language: str = "nl"
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The member's subscriber hash."""
        return subscriber_hash(self.email)


def split_name(name: str) -> tuple[str, str]:
    """First and last name of a person's full name: the first word, then the rest."""
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def normal_email(email: str | None) -> str:
    """The address as it is keyed: trimmed and lowercased ("" when none)."""
    return (email or "").strip().lower()


def merge_fields(subscriber: Subscriber) -> dict[str, str]:
    """FNAME, LNAME and COMPANY: a person's own name, or a company's name and its first
    contact person's."""
    first, last = split_name(subscriber.person if subscriber.is_company else subscriber.name)
    return {"FNAME": first, "LNAME": last,
            "COMPANY": subscriber.name if subscriber.is_company else ""}


def member_body(subscriber: Subscriber, double_opt_in: bool = False) -> dict[str, object]:
    """The body of the upsert. Only `status_if_new`: an existing member keeps the status
    they chose, so a person who unsubscribed is never subscribed again."""
    return {
        "email_address": subscriber.email,
        "status_if_new": "pending" if double_opt_in else "subscribed",
        "merge_fields": merge_fields(subscriber),
        "language": LANGUAGES.get(subscriber.language[:2], "en"),
    }


def tag_changes(wanted: tuple[str, ...], sent: list[str]) -> list[dict[str, str]]:
    """The tags to switch on (the customer's labels) and off (labels sent before and since
    taken away)."""
    gone = sorted(set(sent) - set(wanted))
    return ([{"name": name, "status": "active"} for name in wanted]
            + [{"name": name, "status": "inactive"} for name in gone])
