"""What every page of a document shows about it: the editor of a draft, the read-only page
of a posted one and the pages of its actions build on the same values."""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from typing import Any

from core.context import Context
from core.documents import vat
from core.documents.convert import linked_targets
from core.documents.discounts import allowances_of, cash_discount_of, totals_of
from core.documents.models import Document, DocumentLine
from core.documents.records import document_record
from core.documents.service import breakdown, legal_mentions
from core.i18n import _
from core.units import unit_label
from core.web.routes.common import contact_or_404, kinds_by_id
from core.web.routes.document_labels import addon_label, state_label


def kind_title(ctx: Context, kind_id: str) -> str:
    """The plural title of a kind's list."""
    titles = {"invoice": _("Invoices"), "credit_note": _("Credit notes")}
    return titles.get(kind_id) or kinds_by_id(ctx)[kind_id].plural(ctx.language)


def line_blocks(lines: list[DocumentLine]) -> list[tuple[str | None, list[DocumentLine]]]:
    """The lines in order, those an app added grouped in blocks: (group or None, lines)."""
    return [(group, list(items)) for group, items in groupby(
        lines, key=lambda line: line.group if line.addon_id is not None else None)]


def document_context(ctx: Context, doc: Document) -> dict[str, Any]:
    """What every page of a document shows about it."""
    kinds = kinds_by_id(ctx)
    kind = kinds[doc.kind]
    customer = contact_or_404(ctx, doc.customer_id)
    hides = bool(ctx.call("document_hides_prices", document=document_record(doc)))
    return {
        "document": doc,
        "kind": kind,
        "customer": customer,
        "party": doc.party or {},
        "blocks": line_blocks(list(doc.lines)),
        "addon_label": lambda addon_id: addon_label(ctx, addon_id),
        "breakdown": [g for g in breakdown(doc) if not vat.is_outside_base(g.category)],
        "outside_base": sum((g.base for g in breakdown(doc) if vat.is_outside_base(g.category)),
                            Decimal(0)),
        "mentions": legal_mentions(ctx, doc),
        "state_label": state_label,
        "unit_label": lambda code: unit_label(code, ctx.language),
        "kind_label": lambda kind_id: (kinds[kind_id].label(ctx.language)
                                       if kind_id in kinds else kind_id),
        "known_kinds": set(kinds),
        "hides_prices": hides,
        "allowances": allowances_of(doc),
        "cash_discount": cash_discount_of(doc),
        "discount_totals": totals_of(doc),
        "discount_error": "",
    }


def made_kinds(ctx: Context, doc: Document) -> set[str]:
    """The kinds of document already made from this one (it is not made into them again)."""
    return {linked.kind for linked in linked_targets(ctx, doc)}
