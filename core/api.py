"""The public API of Facturo: everything an addon may import, from one place.

An addon (built-in or third-party) imports only from `core.api` and from the `api` module of
an addon it builds on (e.g. `addons.products.api`); `tests/test_addon_imports.py` refuses
anything else. The names come in groups, one comment line each, in the order of the modules
behind them.
"""

# Hooks: the implementation marker (the publishing marker `hookspec` is below); units.
from core import hookimpl, units

# Errors an addon raises or reports.
from core.addons.errors import HookError, SettingsError

# The audit trail.
from core.audit.service import record as record_audit

# Command line output, for an addon's own commands.
from core.cli.output import console, done, fail
from core.cli.output import errors as cli_errors
from core.cli.state import current_app

# Contacts: models, read and write services, field parsers, VAT numbers.
# The company's own details (name, address, IBAN, ...).
from core.company import current_details
from core.contacts.addresses import email_for
from core.contacts.errors import require_write
from core.contacts.fields import parse_bool, parse_decimal
from core.contacts.listing import Page as ContactPage
from core.contacts.models import Contact, ContactPerson
from core.contacts.report import ReportSection
from core.contacts.service import create_customer, get_contact
from core.contacts.tags import tags_by_contact
from core.contacts.vat import InvalidVatNumber, normalise_vat

# The tenant's unit of work handed to every tenant hook (`HookContext` is what a hook may use
# of it; `Context` the full object).
from core.context import Context
from core.contract.context import HookContext

# Mail: texts, templates, the outbox.
from core.contract.contributions import MailText, MailTextKind
from core.contract.outbox import OutboxHandler, OutboxJobView, PermanentFailure, RetryLater

# Tables: the declarative base, tenant ownership, fast tenant-scoped reads.
from core.db.base import Base, TenantOwned, utcnow
from core.db.tenancy import tenant_param, tenant_rows

# The demo's documents, for an addon's share of `facturo demo` (the `demo_data` hook).
from core.demo_documents import MARK as DEMO_MARK
from core.demo_documents import customer_id as demo_customer_id
from core.demo_documents import demo_document

# Documents: kinds, cancelling, conversions, discounts, lines, posting, read models, payments,
# totals.
from core.documents import ogm, vat
from core.documents.cancel import cancel_document
from core.documents.convert import convert as convert_document
from core.documents.convert import linked_sources, linked_targets, merge_into_invoice
from core.documents.credit import create_credit_note
from core.documents.discounts import cash_discount_of, totals_of
from core.documents.errors import DocumentError, ValidationFailed
from core.documents.kinds import DocumentKind, UnknownKind, kind_of
from core.documents.kinds import available as available_kinds
from core.documents.kinds import registered as registered_kinds
from core.documents.lines import ExtraLine, LineData, add_line, update_line
from core.documents.lines import refresh as refresh_lines
from core.documents.loaded import DOCUMENTS, PRODUCTS, announced, forget_after_writes
from core.documents.models import Document, DocumentLine, DocumentLink, DocumentState, LineType
from core.documents.posting import post_document
from core.documents.records import (
    CustomerRecord,
    DocumentRecord,
    LineRecord,
    PartyRecord,
    TotalsRecord,
    customer_record,
    document_record,
    line_record,
    overdue_documents,
    read_document,
)
from core.documents.service import apply_payment, create_document
from core.documents.state import load as load_document
from core.documents.state import require_draft
from core.documents.totals import Totals, cents

# Hooks an addon publishes for other addons (in its own `hookspecs.py`).
from core.hookspecs import hookspec

# Translations and languages.
from core.i18n import LANGUAGES, Domain, use_language

# Ids that come from a request, checked before use.
from core.ids import id_value

# Imports and exports of tables (CSV, xlsx).
from core.importing import (
    EntityImporter,
    ImportField,
    ImportRejected,
    UploadedTable,
    UploadError,
    chosen_mapping,
    discard_upload,
    export_table,
    guess_mapping,
    load_upload,
    read_upload,
    store_upload,
    write_csv,
)
from core.importing import commit as commit_import
from core.importing import preview as preview_import
from core.importing.jobs import ImportBusy
from core.importing.reader import MAX_UPLOAD_BYTES, read_csv
from core.importing.reader import decode as decode_upload_text
from core.importing.spec import Progress

# Scheduled jobs.
from core.jobs import DAILY, Job, job_time
from core.mail.models import MailTemplate, OutboxMessage
from core.mail.outbox import enqueue as enqueue_mail
from core.mail.placeholders import render as render_placeholders
from core.mail.templates import template_for

# Numbers people type, and document numbering.
from core.number_input import parse_number
from core.numbering.service import sequence as number_sequence
from core.numbering.service import take_number, take_numbers

# The outbox of calls to the outside world: queue a job, handle it in a worker.
from core.outbox.enqueue import OutboxError, enqueue

# Output: export formats, the document view, formatting, PDF, stored files.
from core.output.adapter import build_view, company_look, seller_of
from core.output.formats import ExportFormat
from core.output.formatting import Formatter
from core.output.pdf import render_pdf
from core.output.stored import document_pdf, file_bytes, pdf_kind, stored_file
from core.output.view import Address, Buyer, DocumentView, ExtraBlock, Seller
from core.output.view import Line as ViewLine

# Files, tenants and units of measure.
from core.paths import PROJECT_ROOT
from core.tenants.members import Member, tenant_members
from core.tenants.models import Tenant
from core.tenants.service import find_tenant
from core.units import DEFAULT_UNIT, UNITS, Unit, find_unit, unit_label
from core.units import choices as unit_choices

# Web pages: formatting, forms, lists, menus, the page decorator, downloads, fragments.
from core.web.formatting import format_currency, format_date
from core.web.forms import Form, form_data
from core.web.ids import owned, owned_id
from core.web.listing import ListPage, ListQuery, paginate
from core.web.menu import MenuItem
from core.web.pages import (
    flash,
    page,
    public,
    public_tenant_context,
    redirect,
    render,
    render_public,
    webhook,
)
from core.web.routes.common import download
from core.web.templating import render_fragment
from core.web.uploads import in_worker, start_upload
from core.xmlsafe import UnsafeXML, parse_xml

__all__ = [
    "DAILY",
    "DEFAULT_UNIT",
    "DEMO_MARK",
    "DOCUMENTS",
    "LANGUAGES",
    "MAX_UPLOAD_BYTES",
    "PRODUCTS",
    "PROJECT_ROOT",
    "UNITS",
    "Address",
    "Base",
    "Buyer",
    "Contact",
    "ContactPage",
    "ContactPerson",
    "Context",
    "CustomerRecord",
    "Document",
    "DocumentError",
    "DocumentKind",
    "DocumentLine",
    "DocumentLink",
    "DocumentRecord",
    "DocumentState",
    "DocumentView",
    "Domain",
    "EntityImporter",
    "ExportFormat",
    "ExtraBlock",
    "ExtraLine",
    "Form",
    "Formatter",
    "HookContext",
    "HookError",
    "ImportBusy",
    "ImportField",
    "ImportRejected",
    "InvalidVatNumber",
    "Job",
    "LineData",
    "LineRecord",
    "LineType",
    "ListPage",
    "ListQuery",
    "MailTemplate",
    "MailText",
    "MailTextKind",
    "Member",
    "MenuItem",
    "OutboxError",
    "OutboxHandler",
    "OutboxJobView",
    "OutboxMessage",
    "PartyRecord",
    "PermanentFailure",
    "Progress",
    "ReportSection",
    "RetryLater",
    "Seller",
    "SettingsError",
    "Tenant",
    "TenantOwned",
    "Totals",
    "TotalsRecord",
    "Unit",
    "UnknownKind",
    "UnsafeXML",
    "UploadError",
    "UploadedTable",
    "ValidationFailed",
    "ViewLine",
    "add_line",
    "announced",
    "apply_payment",
    "available_kinds",
    "build_view",
    "cancel_document",
    "cash_discount_of",
    "cents",
    "chosen_mapping",
    "cli_errors",
    "commit_import",
    "company_look",
    "console",
    "convert_document",
    "create_credit_note",
    "create_customer",
    "create_document",
    "current_app",
    "current_details",
    "customer_record",
    "decode_upload_text",
    "demo_customer_id",
    "demo_document",
    "discard_upload",
    "document_pdf",
    "document_record",
    "done",
    "download",
    "email_for",
    "enqueue",
    "enqueue_mail",
    "export_table",
    "fail",
    "file_bytes",
    "find_tenant",
    "find_unit",
    "flash",
    "forget_after_writes",
    "form_data",
    "format_currency",
    "format_date",
    "get_contact",
    "guess_mapping",
    "hookimpl",
    "hookspec",
    "id_value",
    "in_worker",
    "job_time",
    "kind_of",
    "line_record",
    "linked_sources",
    "linked_targets",
    "load_document",
    "load_upload",
    "merge_into_invoice",
    "normalise_vat",
    "number_sequence",
    "ogm",
    "overdue_documents",
    "owned",
    "owned_id",
    "page",
    "paginate",
    "parse_bool",
    "parse_decimal",
    "parse_number",
    "parse_xml",
    "pdf_kind",
    "post_document",
    "preview_import",
    "public",
    "public_tenant_context",
    "read_csv",
    "read_document",
    "read_upload",
    "record_audit",
    "redirect",
    "refresh_lines",
    "registered_kinds",
    "render",
    "render_fragment",
    "render_pdf",
    "render_placeholders",
    "render_public",
    "require_draft",
    "require_write",
    "seller_of",
    "start_upload",
    "store_upload",
    "stored_file",
    "tags_by_contact",
    "take_number",
    "take_numbers",
    "template_for",
    "tenant_members",
    "tenant_param",
    "tenant_rows",
    "totals_of",
    "unit_choices",
    "unit_label",
    "units",
    "update_line",
    "use_language",
    "utcnow",
    "vat",
    "webhook",
    "write_csv",
]
