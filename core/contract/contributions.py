"""What addons hand to core through the registration and tenant hooks.

Plain frozen values: document kinds, menu entries, e-mail texts, report sections, extra
lines, scheduled jobs and export formats. They depend on nothing else in Facturo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from core.contract.context import HookContext
from core.contract.records import DocumentRecord, LineRecord

MENU_MAIN = "main"
"""The menu section of the main navigation (the other is `settings`)."""
MAIL_FALLBACK_LANGUAGE = "en"
"""The language of an e-mail text used when there is none in the wanted language."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DocumentKind:
    """What a kind of document is.

    `id` is stored on each document; `sequence_key` names its numbering series (the id by
    default); `vat_sale` says it is a sale that counts for VAT (invoices, cash receipts and
    credit notes, not quotes or delivery notes); `is_credit` that it reduces a sale;
    `payable` that it asks for payment (due date and structured communication);
    `takes_payment` that a payment can be booked on it. `labels` maps nl/fr/en/de to the
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
    plurals: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sequence_key:
            object.__setattr__(self, "sequence_key", self.id)

    def label(self, language: str) -> str:
        """The kind's name in a language (English, then the id, when missing)."""
        return self.labels.get(language) or self.labels.get("en") or self.id

    def plural(self, language: str) -> str:
        """The name of a list of this kind in a language (the singular when none is given)."""
        return self.plurals.get(language) or self.label(language)

    @property
    def takes_payment(self) -> bool:
        """Whether money can be booked on a posted document of this kind: it asks for
        payment, or it is a sale that is no credit and is paid at once (a cash receipt)."""
        return self.payable or (self.vat_sale and not self.is_credit)


@dataclass(frozen=True)
class MenuItem:
    """One menu entry. `label` is already translated (build it inside the hook with `_`)."""

    label: str
    url: str
    icon: str = "dot"
    order: int = 500
    section: str = MENU_MAIN
    admin_only: bool = False


class MailText(NamedTuple):
    """A subject and a body, both with placeholders."""

    subject: str
    body: str


@dataclass(frozen=True)
class MailTextKind:
    """An e-mail that is not a document's (a payment reminder, ...), added by an addon
    through `facturo_mail_texts` so that a tenant edits it in Settings → E-mail.

    `labels` and `defaults` are keyed by language; English is the fallback of both.
    """

    id: str
    labels: Mapping[str, str]
    defaults: Mapping[str, MailText]

    def label(self, language: str) -> str:
        """The name of the e-mail in a language."""
        return self.labels.get(language) or self.labels.get(MAIL_FALLBACK_LANGUAGE) or self.id

    def default(self, language: str) -> MailText:
        """The built-in text in a language (English when there is none)."""
        return self.defaults.get(language) or self.defaults[MAIL_FALLBACK_LANGUAGE]


@dataclass(frozen=True)
class ReportSection:
    """A table an app adds to the report: a title, column headings, rows of text.

    `numeric` lists the indexes of the columns to align right (amounts); `total` is an
    optional closing row.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: tuple[int, ...] = ()
    total: tuple[str, ...] | None = None


@dataclass
class ExtraLine:
    """A line an addon adds to a draft through `document_extra_lines` (e.g. a deposit).

    `follows` is the document line it is shown after (None: at the end); `group` names the
    block it is shown in (the addon's id by default). `vat_rate=None` takes the line it
    follows' rate, else the document's default; `vat_category` forces an EN 16931 category
    (e.g. `O` for an amount kept out of the VAT base) where the regime charges VAT.
    """

    description: str
    quantity: Decimal | int | str = Decimal(1)
    unit_price: Decimal | int | str = Decimal(0)
    vat_rate: Decimal | int | str | None = None
    vat_category: str | None = None
    unit: str = ""
    product_id: int | None = None
    discount_percent: Decimal | int | str = Decimal(0)
    group: str | None = None
    follows: LineRecord | None = None
    line_type: str = "free"


@dataclass(frozen=True)
class Job:
    """A scheduled job of an addon.

    `name` is unique within the addon; `function(ctx)` does the work for one tenant inside
    that tenant's transaction; `interval` says how often (daily by default). `addon_id` is
    filled in by the runtime.
    """

    name: str
    function: Callable[[HookContext], None]
    interval: timedelta = timedelta(days=1)
    description: str = ""
    addon_id: str | None = None

    @property
    def key(self) -> str:
        """The job's name qualified by its addon, as stored in `job_runs`: `payments.reminders`."""
        return f"{self.addon_id}.{self.name}" if self.addon_id else self.name

    def slot(self, moment: datetime) -> int:
        """The interval slot a moment falls in."""
        return int((_aware(moment) - _EPOCH) // self.interval)

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        """Whether the job has not run yet in the slot `now` falls in."""
        return last_run_at is None or self.slot(now) > self.slot(last_run_at)


@dataclass(frozen=True)
class ExportFormat:
    """A file format of the document export (`facturo documents export --format NAME`)."""

    name: str
    """What `--format` says: lowercase, e.g. `ubl`."""
    suffix: str
    """The suffix of the exported files, with its dot: `.xml`."""
    render: Callable[[HookContext, DocumentRecord], bytes]
    """The file of one posted document; a `ValueError` says why it cannot be made."""
    label: str = ""
    """What the format is, for the command's help: `PEPPOL e-invoice (UBL)`."""
    addon_id: str | None = None
    """The addon that brings it (set by the runtime); None for core formats."""
