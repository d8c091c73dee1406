"""Hooks of the documents sample; `BEHAVIOUR` switches each one on for a test."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core import hookimpl
from core.documents.kinds import DocumentKind
from core.documents.lines import ExtraLine

BEHAVIOUR: dict[str, Any] = {}
CALLS: list[tuple[str, Any]] = []

PRICED_PRODUCT = 1  # 10.00 each, 8.00 from 10 pieces
CRATE_PRODUCT = 2  # carries a 5.00 deposit per piece


@hookimpl
def facturo_document_kinds() -> list[DocumentKind]:
    return [
        DocumentKind("quote", {"nl": "Offerte", "fr": "Devis", "en": "Quote", "de": "Angebot"}),
        DocumentKind(
            "delivery_note",
            {"nl": "Leveringsbon", "fr": "Bon de livraison", "en": "Delivery note",
             "de": "Lieferschein"},
        ),
    ]


@hookimpl
def line_price(ctx: Any, document: Any, line: Any) -> Decimal | None:
    CALLS.append(("line_price", line.product_id))
    if line.product_id == PRICED_PRODUCT:
        return Decimal("8.00") if line.quantity >= 10 else Decimal("10.00")
    return None


@hookimpl
def document_extra_lines(ctx: Any, document: Any) -> list[ExtraLine]:
    if BEHAVIOUR.get("extra_lines_fail"):
        raise RuntimeError("deposit table unreadable")
    return [
        ExtraLine(
            description=f"Deposit for {line.description}",
            quantity=line.quantity,
            unit_price=Decimal("5.00"),
            vat_rate=Decimal("0"),
            follows=line,
            group="deposits",
        )
        for line in document.lines
        if line.addon_id is None and line.product_id == CRATE_PRODUCT
    ]


@hookimpl
def document_validate(ctx: Any, document: Any) -> list[str]:
    return ["the sample refuses this document"] if BEHAVIOUR.get("refuse") else []


@hookimpl
def document_posted(ctx: Any, document: Any) -> None:
    CALLS.append(("posted", document.number))
    if BEHAVIOUR.get("fail_posted") or document.notes == "fail on posting":
        raise RuntimeError("the accounting export is down")


@hookimpl
def document_converted(ctx: Any, source: Any, target: Any) -> None:
    CALLS.append(("converted", (source.id, target.kind)))


@hookimpl
def document_cancelled(ctx: Any, document: Any) -> None:
    CALLS.append(("cancelled", (document.number, document.state)))
    if BEHAVIOUR.get("fail_cancelled"):
        raise RuntimeError("the warehouse system refuses")


@hookimpl
def number_pattern(ctx: Any, sequence: Any) -> str | None:
    return BEHAVIOUR.get("pattern")


@hookimpl
def document_posted_committed(ctx: Any, document: Any) -> None:
    from core.documents.models import Document

    if BEHAVIOUR.get("announce_fails"):  # the service announced to is down, this time
        BEHAVIOUR["announce_fails"] -= 1
        raise RuntimeError("the service is down")
    # what a mail or an API call would announce, seen from another connection
    with ctx.app.db.session(ctx.tenant_id) as other:
        state = other.get(Document, document.id).state
    CALLS.append(("announced", (document.number, state)))
