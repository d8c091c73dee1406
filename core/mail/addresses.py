"""E-mail addresses as typed by people: checked, trimmed and de-duplicated."""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import formataddr, parseaddr

from core.i18n import N_, _
from core.mail.errors import MailError

MSG_BAD_ADDRESS = N_("%(address)s is not a valid e-mail address.")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^[^@\s<>(),;:\"\[\]]+@{_LABEL}(?:\.{_LABEL})+$")


def check_address(text: str) -> str:
    """`addr@example.be` or `Name <addr@example.be>`, tidied; `MailError` when malformed."""
    name, address = parseaddr(text.strip())
    if not address or not _ADDRESS.match(address) or "\n" in text or "\r" in text:
        raise MailError(_(MSG_BAD_ADDRESS) % {"address": text.strip()})
    return formataddr((name, address)) if name else address


def bare_address(text: str) -> str:
    """The address part of `Name <addr>` (for the SMTP envelope)."""
    return parseaddr(text)[1]


def check_addresses(items: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Checked addresses in order, each once, leaving out those in `exclude`."""
    seen = {bare_address(item).lower() for item in exclude}
    result = []
    for item in items:
        if not item or not item.strip():
            continue
        address = check_address(item)
        key = bare_address(address).lower()
        if key not in seen:
            seen.add(key)
            result.append(address)
    return result
