"""The Belgian structured communication (OGM-VCS): `+++XXX/XXXX/XXXXX+++`.

Ten digits and a two-digit check (the ten digits modulo 97, 0 giving 97). Stored compact (12
digits), shown framed. By default an invoice's communication is derived from its number.
"""

from __future__ import annotations

import re

from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError

_FRAMED = re.compile(
    r"([+*]{3})\s*(\d{3})\s*[/.\- ]?\s*(\d{4})\s*[/.\- ]?\s*(\d{5})\s*([+*]{3})"
)
_SEPARATORS = re.compile(r"[\s+*/.\-]")
_LOOSE = re.compile(r"(?<!\d)(\d{3})[/.\- ]?(\d{4})[/.\- ]?(\d{5})(?!\d)")


def make(base: int | str) -> str:
    """The 12-digit communication of a base of at most 10 digits (left-padded with zeros)."""
    digits = str(base)
    if not digits.isdigit() or len(digits) > 10:
        raise ValueError(f"{base!r} is not a base of at most 10 digits")
    digits = digits.zfill(10)
    return digits + ogm_vcs.calc_check_digits(digits)


def from_number(number: str) -> str:
    """The communication derived from a document number: its digits (the last 10 of them)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return make(digits[-10:] or "0")


def display(compact: str) -> str:
    """`+++XXX/XXXX/XXXXX+++` for a stored 12-digit communication."""
    return f"+++{ogm_vcs.format(compact)}+++"


def is_valid(text: str) -> bool:
    """Whether the text is exactly one valid structured communication (framed or not)."""
    cleaned = _SEPARATORS.sub("", text)
    return len(cleaned) == 12 and ogm_vcs.is_valid(cleaned)


def normalise(text: str | None) -> str | None:
    """The 12 digits of a structured communication written in any usual way, or None.

    Accepts `+++010/8068/17183+++`, `***010/8068/17183***`, `010/8068/17183`,
    `010806817183`, with spaces, dots or dashes; the check digits must be right.
    """
    if not text:
        return None
    for pattern in (_FRAMED, _LOOSE):
        for match in pattern.finditer(text):
            groups = match.groups()
            digits = "".join(g for g in groups if g.isdigit())
            try:
                return ogm_vcs.validate(digits)
            except ValidationError:
                continue
    return None


parse = normalise
