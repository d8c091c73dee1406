"""The addon contract: every hook an addon can implement.

Implement a hook with a function of the same name decorated with `core.hookimpl`, in your
addon's `hooks.py`; declare only the arguments you use. Hooks are called with keyword
arguments only.

Two kinds of hook:

* **Registration hooks** (`facturo_*`) are called once at start-up for every *installed*
  addon, to learn what it brings. What they return is gated per tenant by the runtime.
* **Tenant hooks** take `ctx` (a `core.api.Context`: the tenant, its session, the user,
  the language) and reach only the addons *active* for that tenant. An exception in a
  business hook aborts the operation (the transaction rolls back) and is reported as a
  `core.addons.errors.HookError` naming your addon and the hook. UI hooks (`ui_slot`,
  `contact_panels`, `document_pdf_blocks`) are isolated: one that raises is logged and left
  out, the page still renders.

Every parameter and return value is typed with the types of `core.contract`: `ctx` is a
`HookContext`; a document arrives as a frozen `DocumentRecord` (kind, state, number, dates,
party, lines with their ids, totals), a line as a `LineRecord`, a contact as a
`CustomerRecord`. They are read models: change a document through the functions of
`core.api`, never through the record. Import every name from `core.api`, never from the
modules behind it.

Unless a hook says *first result wins*, every implementation runs and the results come back
as a list (addons registered later, i.e. dependents, first).

Inside or after the transaction:

* Hooks called *inside a transaction* (`document_posted`, `contact_saved`, ...) must only
  touch the database through `ctx.session`: the transaction may still roll back after your
  hook returned (another addon's hook fails, the caller fails, the process dies), and a
  number or an amount you saw may then be given to another document. Never send an e-mail,
  call an API or write a file from them.
* What reaches outside the database goes in an *after-commit* hook
  (`document_posted_committed`): it runs once the transaction committed, in a unit of work
  of its own, and its failure is logged without undoing what was committed.

A broken addon (its code no longer imports) that is on for a tenant fails closed: every
business hook of that tenant raises `core.addons.errors.AddonBroken` naming it, so the
operation is refused with nothing saved, until the addon is repaired or switched off. UI
hooks and read-only hooks (`document_hides_prices`, `product_choices`) leave it out.

This file holds only the hooks the core calls. An addon that others build on publishes its
own hooks in a `hookspecs.py` module of its package (decorated with `core.api.hookspec`),
which Facturo adds with `add_hookspecs` when the addon is installed: `payments` publishes
`payment_received`, `deposits` publishes `deposit_moved`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pluggy

from core import PROJECT_NAME
from core.contract.context import HookContext
from core.contract.contributions import (
    DocumentKind,
    ExportFormat,
    ExtraLine,
    Job,
    MailTextKind,
    MenuItem,
    ReportSection,
)
from core.contract.outbox import OutboxHandler
from core.contract.records import CustomerRecord, DocumentRecord, LineRecord

if TYPE_CHECKING:
    from starlette.routing import BaseRoute
    from typer import Typer

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# --- Registration (called once per installed addon) ------------------------------------------


@hookspec
def facturo_routes() -> list[BaseRoute]:
    """Starlette routes of the addon, mounted under `/apps/<addon id>/`.

    Requests for a tenant where the addon is off answer 404. Return a list of
    `starlette.routing.Route` (or `Mount`); paths are relative to the mount point.
    """


@hookspec
def facturo_document_kinds() -> list[DocumentKind]:
    """Document kinds the addon adds (quote, delivery_note, ...).

    Return a list of `DocumentKind`. Kinds of inactive addons are
    hidden from the tenant; existing documents of such kinds stay in the database.
    """


@hookspec(firstresult=True)
def payment_account(ctx: HookContext) -> tuple[str, str] | None:
    """The account customers are asked to pay on, as `(iban, bic)`, or None for the
    company's own IBAN and BIC (Settings → Company).

    Used wherever a document asks for payment: the payment block and QR code of the PDF and
    the `{iban}` of its e-mail. The first answer that is not None wins.
    """


@hookspec(firstresult=True)
def demo_payment(ctx: HookContext, document_id: int, amount: Decimal, day: date) -> bool | None:
    """The demo invoice `document_id` received `amount` on `day` (`facturo demo`).

    Return True when the addon recorded the payment itself (its own payment row, the
    invoice's paid amount and state updated); None lets the core book the amount on the
    invoice alone. The first answer that is not None wins.
    """


@hookspec
def facturo_mail_texts(ctx: HookContext) -> list[MailTextKind]:
    """E-mails the addon sends that are not a document's (payment reminders, ...).

    Return a list of `MailTextKind`; Settings → E-mail lists them next to
    the document kinds so that the tenant can write its own text per language. The addon
    reads the text back with `core.api.template_for(session, id, language,
    default=kind.default(language))`.
    """


@hookspec
def facturo_export_formats() -> list[ExportFormat]:
    """File formats the addon adds to `facturo documents export --format`.

    Return a list of `ExportFormat` (name, file suffix, a function that renders one posted
    document, given as a `DocumentRecord`, to bytes, a label). Only tenants where the addon
    is on can use them.
    """


@hookspec
def facturo_cli(app: Typer) -> None:
    """Add commands to the `facturo` command line; `app` is the root `typer.Typer`."""


@hookspec
def facturo_jobs() -> list[Job]:
    """Scheduled jobs of the addon: a list of `Job`.

    A job runs per tenant, only for tenants where the addon is active.
    """


@hookspec
def facturo_outbox_handlers() -> list[OutboxHandler]:
    """Handlers of the addon's calls to the outside world: a list of
    `core.api.OutboxHandler(service, action, handle, ...)`.

    `handle(ctx, job)` runs a job queued with `core.api.enqueue(ctx, service, action,
    payload)`, in a unit of work of the job's tenant, from `facturo worker`; it raises
    `RetryLater` or `PermanentFailure` to say so, any other exception is retried with
    backoff. A job of an addon that is off for its tenant fails without running.
    """


# --- Lifecycle ----------------------------------------------------------------------------------


@hookspec
def addon_activated(ctx: HookContext) -> None:
    """Called on the addon's own implementation after it was switched on for `ctx.tenant_id`.

    Runs exactly once per activation, after the activation committed, in a transaction of its
    own: seed default data here. Switching on again after an off keeps earlier data, so seed
    only what is missing.
    """


@hookspec
def addon_deactivated(ctx: HookContext) -> None:
    """Called on the addon's own implementation after it was switched off for the tenant.

    The addon's data stays in the database; do not delete it here.
    """


@hookspec
def addon_settings_validate(
    ctx: HookContext, addon_id: str, settings: dict[str, Any]
) -> dict[str, str]:
    """Check settings beyond their declared types; return {setting: message} for bad ones.

    Called on every active addon plus the one being configured; compare `addon_id`.
    """


@hookspec
def tenant_created(ctx: HookContext) -> None:
    """A new tenant exists and its initial addons (e.g. from a bundle) are on."""


@hookspec
def demo_data(ctx: HookContext) -> None:
    """Add the addon's share of the demo company's data (`facturo demo`), in `ctx`'s write
    transaction, after core's customers and invoices exist.

    Runs on every `facturo demo`: add only what is missing (find earlier rows again by a
    code or a mark), so that running it twice changes nothing.
    """


# --- Navigation and UI --------------------------------------------------------------------------


@hookspec
def facturo_menu(ctx: HookContext) -> list[MenuItem]:
    """Menu entries for the tenant: a list of `MenuItem`.

    Called once per combination of active addons, language and role, then kept: the
    entries may depend on those only (not on the user, the page or the tenant's data).
    """


@hookspec
def ui_slot(
    ctx: HookContext, name: str, obj: DocumentRecord | CustomerRecord | str | None
) -> str | None:
    """HTML for a named slot in a core template, or None to add nothing.

    Core templates call `{{ slot("contact.detail.panels", contact) }}`; return markup (it is
    inserted as is, so escape user data). A slot that raises is logged and left out. `obj`
    is the page's subject: a `CustomerRecord` on `contact.*` slots, a `DocumentRecord` on
    `document.*` slots, the app's id on `settings.app`, None on the others.
    """


@hookspec
def ui_form_submitted(
    ctx: HookContext, name: str, obj: CustomerRecord, values: dict[str, str]
) -> dict[str, str] | None:
    """A core form that offers the slot `<name>.fields` was submitted: save your fields.

    The page handling the form calls it after saving its own fields, in the same
    transaction: e.g. `name="contact.form"` with `obj` the saved contact and `values` every
    submitted field, so a field an addon put in the `contact.form.fields` slot reaches it.
    Return {field name: message} to refuse a value (the page rolls the whole save back and
    shows the form again with the messages), or None.
    """


@hookspec
def contact_panels(ctx: HookContext, contact: CustomerRecord) -> str | None:
    """An HTML panel on a contact's page, or None."""


@hookspec
def customer_report_sections(
    ctx: HookContext, customer: CustomerRecord
) -> list[ReportSection] | None:
    """Tables to add to a customer's full report (its page and its PDF), or None.

    Return `ReportSection`s (title, column
    headings, rows of text already formatted). Every answer is shown, addon by addon; one
    that raises is logged and left out. The payments app lists the payments received.
    """


# --- Contacts -----------------------------------------------------------------------------------


@hookspec
def contact_saved(ctx: HookContext, contact: CustomerRecord, created: bool) -> None:
    """A contact was created (`created`) or changed, inside the saving transaction.

    Also called when a contact is archived, restored or merged away (then `archived` is
    true and `merged_into_id` names the contact kept).
    """


@hookspec
def contact_deleted(ctx: HookContext, contact: CustomerRecord) -> None:
    """A contact is being deleted (no document refers to it), inside the deleting transaction.

    Called just before the row goes: read what you need of it now (e.g. to queue the removal
    of its address at a mailing service through the outbox). Rows of yours that point at it
    with `ondelete="CASCADE"` or `"SET NULL"` follow the deletion.
    """


@hookspec
def contacts_imported(ctx: HookContext, contact_ids: list[int]) -> None:
    """Contacts were created in bulk by an import (ids in file order), inside its transaction.

    Called once per import instead of `contact_saved` per row; load what you need in batches.
    """


# --- Documents ----------------------------------------------------------------------------------


@hookspec(firstresult=True)
def line_price(ctx: HookContext, document: DocumentRecord, line: LineRecord) -> Decimal | None:
    """The unit price (a `Decimal`) to propose for a document line, or None for no opinion.

    First result wins. Called when a product line is added or its quantity changes, unless
    the user typed a price.
    """


@hookspec(firstresult=True)
def line_product_defaults(
    ctx: HookContext, document: DocumentRecord, line: LineRecord
) -> dict[str, Any] | None:
    """What a new product line takes from its product (`line.product_id`), or None.

    First result wins. Return a dict with any of `description`, `unit` and `vat_rate`; the
    runtime fills only what the user left empty (a typed description, unit or VAT rate
    stays). Called when a product line is added to a draft, before `line_price`.
    """


@hookspec(firstresult=True)
def product_choices(ctx: HookContext, search: str, limit: int) -> list[tuple[int, str]] | None:
    """Products for a picker (the product line of the document editor), or None.

    First result wins. Return at most `limit` `(product id, label)` pairs of the tenant's
    active products matching every word of `search` (all of them, by name, when `search`
    is empty). The chosen id becomes a product line's `product_id`.
    """


@hookspec
def document_extra_lines(ctx: HookContext, document: DocumentRecord) -> list[ExtraLine]:
    """Lines the addon adds to a draft document when its lines change (e.g. deposits).

    Return a list of `ExtraLine`; the runtime replaces the addon's previous extra lines
    with these. `ExtraLine.follows` is one of `document.lines` (the line it is shown after).
    """


@hookspec
def document_validate(ctx: HookContext, document: DocumentRecord) -> list[str]:
    """Reasons why the document cannot be posted; an empty list when it can."""


@hookspec
def document_posted(ctx: HookContext, document: DocumentRecord) -> None:
    """The document was posted (numbered and frozen), inside the posting transaction.

    Write your own rows through `ctx.session` here (they commit or roll back with the
    posting); an exception refuses the posting. Nothing that leaves the database: the
    posting may still roll back and its number go to another document. Use
    `document_posted_committed` for that.
    """


@hookspec
def document_posted_committed(ctx: HookContext, document: DocumentRecord) -> None:
    """The posting of the document committed: announce it outside the database (mail, API).

    Called once per posted document, after the unit of work that posted it committed, in a
    unit of work of its own (`ctx.session` is new; what you write there commits after you
    return), and only when the document is still posted under the number it was given. An
    exception is logged with the document's number; the posting stands, and `facturo
    worker` calls it again later with retries (an outbox job written with the posting): it
    runs at least once, so make it idempotent (key it on the number).
    """


@hookspec
def document_cancelled(ctx: HookContext, document: DocumentRecord) -> None:
    """A posted document was cancelled, inside the cancelling transaction.

    Only documents that neither count for VAT nor ask payment are cancelled (delivery notes,
    quotes, order confirmations), never one already converted into another document; an
    invoice or a credit note is corrected with a credit note instead. `document.state` is
    already `cancelled` and the document keeps its number. Undo here what your
    `document_posted` did, through `ctx.session` (it commits or rolls back with the
    cancellation); an exception refuses the cancellation. Nothing that leaves the database.
    """


@hookspec
def document_pdf_blocks(ctx: HookContext, document: DocumentRecord) -> str | None:
    """An HTML block to print on the document's PDF, or None."""


@hookspec(firstresult=True)
def document_hides_prices(ctx: HookContext, document: DocumentRecord) -> bool | None:
    """True when the document is shown without unit prices, amounts and totals (e.g. a
    delivery note whose prices are hidden); None for no opinion.

    First result wins. Asked wherever a document is shown to its customer (PDF, e-mail,
    preview); the stored amounts stay, so a conversion still carries them.
    """


@hookspec
def document_converted(
    ctx: HookContext, source: DocumentRecord, target: DocumentRecord
) -> None:
    """`source` (e.g. a quote) was converted into `target` (e.g. an invoice)."""


# --- Numbering ----------------------------------------------------------------------------------


@hookspec(firstresult=True)
def number_pattern(ctx: HookContext, sequence: str) -> str | None:
    """A numbering pattern for the sequence named `sequence` (its key: `invoice`,
    `customer`, ...), e.g. `"F%Y(4)"`, overriding the tenant's one.

    First result wins; None leaves the tenant's pattern.
    """
