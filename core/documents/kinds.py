"""Document kinds: invoice and credit note in core, more (quote, delivery note, ...) from addons.

Addons declare kinds through the `facturo_document_kinds()` registration hook; a kind of an
addon that is off for a tenant is hidden from that tenant.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from core.addons.dispatch import per_addon
from core.addons.errors import AddonError
from core.documents.errors import DocumentError
from core.i18n import N_, _

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.context import Context


@dataclass(frozen=True)
class DocumentKind:
    """What a kind of document is.

    `id` is stored on each document; `sequence_key` names its numbering series (the id by
    default); `vat_sale` says it is a sale that counts for VAT (invoices and credit notes,
    not quotes or delivery notes); `is_credit` that it reduces a sale; `payable` that it asks
    for payment (due date and structured communication). `labels` maps nl/fr/en/de to the
    name shown; `plurals` likewise to the name of a list of them (a title, a tab).
    `addon_id` is filled in by the runtime (None for core kinds).
    """

    id: str
    labels: Mapping[str, str]
    sequence_key: str = ""
    vat_sale: bool = False
    is_credit: bool = False
    payable: bool = False
    addon_id: str | None = None
    plurals: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sequence_key:
            object.__setattr__(self, "sequence_key", self.id)

    def label(self, language: str) -> str:
        """The kind's name in a language (English, then the id, when missing)."""
        return self.labels.get(language) or self.labels.get("en") or self.id

    def plural(self, language: str) -> str:
        """The name of a list of this kind in a language (the singular when none is given)."""
        return self.plurals.get(language) or self.label(language)


INVOICE = DocumentKind(
    "invoice",
    {"nl": "Factuur", "fr": "Facture", "en": "Invoice", "de": "Rechnung"},
    vat_sale=True,
    payable=True,
)
CREDIT_NOTE = DocumentKind(
    "credit_note",
    {"nl": "Creditnota", "fr": "Note de crédit", "en": "Credit note", "de": "Gutschrift"},
    vat_sale=True,
    is_credit=True,
)
CORE_KINDS = (INVOICE, CREDIT_NOTE)

_registered: WeakKeyDictionary[Catalogue, dict[str, DocumentKind]] = WeakKeyDictionary()


def registered(catalogue: Catalogue) -> dict[str, DocumentKind]:
    """Every kind of the deployment: core kinds and those of each installed addon."""
    found = _registered.get(catalogue)
    if found is not None:
        return found
    kinds = {kind.id: kind for kind in CORE_KINDS}
    for addon_id, declared in per_addon(catalogue.manager, "facturo_document_kinds"):
        for kind in declared:
            if not isinstance(kind, DocumentKind):
                raise AddonError(addon_id, f"facturo_document_kinds returned {kind!r}")
            if kind.id in kinds:
                raise AddonError(addon_id, f"document kind {kind.id!r} is declared twice")
            kinds[kind.id] = dataclasses.replace(kind, addon_id=addon_id)
    _registered[catalogue] = kinds
    return kinds


def available(ctx: Context) -> list[DocumentKind]:
    """The kinds the tenant can use: core kinds and those of its active addons."""
    return [
        kind
        for kind in registered(ctx.app.catalogue).values()
        if kind.addon_id is None or kind.addon_id in ctx.active
    ]


class UnknownKind(DocumentError):
    """A document kind that does not exist or whose app is off for the tenant."""


MSG_UNKNOWN_KIND = N_("Unknown document kind: %(kind)s.")
MSG_KIND_OFF = N_("Documents of kind %(kind)s need the app %(addon)s, which is switched off.")


def get_kind(ctx: Context, kind_id: str) -> DocumentKind:
    """A kind available to the tenant, or a clear error."""
    kind = registered(ctx.app.catalogue).get(kind_id)
    if kind is None:
        raise UnknownKind(_(MSG_UNKNOWN_KIND) % {"kind": kind_id})
    if kind.addon_id is not None and kind.addon_id not in ctx.active:
        raise UnknownKind(_(MSG_KIND_OFF) % {"kind": kind_id, "addon": kind.addon_id})
    return kind


def kind_of(ctx: Context, kind_id: str) -> DocumentKind:
    """A registered kind whether or not its app is on (to read existing documents)."""
    kind = registered(ctx.app.catalogue).get(kind_id)
    if kind is None:
        raise UnknownKind(_(MSG_UNKNOWN_KIND) % {"kind": kind_id})
    return kind
