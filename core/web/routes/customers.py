"""Customers (and suppliers): the list with search, filters, sort and pages, its export, a
customer's page, archiving, and the picker the document editor searches with."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.addresses import ADDRESS_KINDS, document_emails, list_addresses
from core.contacts.attachments import list_attachments
from core.contacts.custom_fields import display_value, list_fields
from core.contacts.errors import ContactError
from core.contacts.importer import export_contacts
from core.contacts.listing import LIST_COLUMNS, list_contacts
from core.contacts.listing import SORTS as CONTACT_SORTS
from core.contacts.models import Contact
from core.contacts.persons import list_persons, person_line
from core.contacts.revenue import customer_revenue, products_sold
from core.contacts.service import archive_contact, find_by_vat
from core.contacts.tags import tag_names, tags_by_contact
from core.context import Context
from core.documents.listing import list_documents
from core.documents.records import customer_record
from core.i18n import N_, _
from core.importing.export import FORMATS
from core.web.forms import Form, form_data
from core.web.listing import ListQuery
from core.web.menu import MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.common import (
    COUNT_LIMIT,
    SEARCH_COUNT_LIMIT,
    FilteredQuery,
    ServicePage,
    contact_or_404,
    download,
    fragment,
    kinds_by_id,
)
from core.web.routes.customer_labels import contact_facts, country_options
from core.web.routes.document_labels import state_label

PER_PAGE = 50
SORTS = tuple(key for key in CONTACT_SORTS if not key.startswith("-"))
KIND_FILTERS = {"customer": N_("Customers"), "supplier": N_("Suppliers"), "all": N_("All")}
ARCHIVED_FILTERS = {"": N_("Current"), "1": N_("Archived"), "all": N_("All")}
PICKER_SIZE = 10
ADDRESS_KIND_LABELS = {"delivery": N_("Delivery"), "invoice": N_("Invoicing"),
                       "site": N_("Site"), "other": N_("Other")}


def menu(ctx: Context) -> list[MenuItem]:
    """The Customers entry."""
    return [MenuItem(_("Customers"), "/customers", icon="users", order=10)]


def _list_query(request: Request) -> tuple[FilteredQuery, dict[str, object]]:
    params = request.query_params
    base = ListQuery.from_request(request, SORTS, "name", per_page=PER_PAGE)
    kind = params.get("kind", "customer")
    kind = kind if kind in KIND_FILTERS else "customer"
    archived = params.get("archived", "")
    archived = archived if archived in ARCHIVED_FILTERS else ""
    tags = [t for t in params.getlist("tag") if t.strip()]
    filters = (("kind", kind), ("archived", archived), *(("tag", t) for t in tags))
    service_filters: dict[str, object] = {
        "search": base.q or None,
        "tags": tags,
        "kind": None if kind == "all" else kind,
        "archived": {"": False, "1": True, "all": None}[archived],
    }
    return FilteredQuery(base, filters), service_filters


@page()
async def customer_list(request: Request, ctx: Context) -> Response:
    """The customers, searched, filtered by tag, kind and archive state, sorted and paged."""
    query, filters = _list_query(request)
    limit = SEARCH_COUNT_LIMIT if filters["search"] else COUNT_LIMIT
    found = list_contacts(ctx, sort=query.sort_key, page=query.page, per_page=query.per_page,
                          count_limit=limit, columns=LIST_COLUMNS,
                          **filters)  # type: ignore[arg-type]
    listing = ServicePage.counted(found.items, found.total, query, limit)
    all_tags = tag_names(ctx)
    return render(request, ctx, "customers/list.html", {
        "title": _("Customers"),
        "customers": listing,
        "tags": tags_by_contact(ctx, [c.id for c in found.items]) if all_tags else {},
        "all_tags": all_tags,
        "chosen_tags": set(filters["tags"]),  # type: ignore[arg-type]
        "kind": dict(query.filters)["kind"],
        "archived": dict(query.filters)["archived"],
        "kind_filters": {k: _(v) for k, v in KIND_FILTERS.items()},
        "archived_filters": {k: _(v) for k, v in ARCHIVED_FILTERS.items()},
        "formats": list(FORMATS),
    })


@page()
async def customer_export(request: Request, ctx: Context) -> Response:
    """The filtered list as CSV or XLSX (it imports back as it is)."""
    query, filters = _list_query(request)
    fmt = request.query_params.get("format", "csv")
    fmt = fmt if fmt in FORMATS else "csv"
    data, content_type, extension = export_contacts(ctx, fmt, sort=query.sort_key, **filters)
    return download(data, _("customers") + extension, content_type)


TABS = {"overview": N_("Overview"), "details": N_("Details"), "persons": N_("Contact persons"),
        "addresses": N_("Addresses"), "attachments": N_("Attachments")}


# the facts the "More options" part of the details tab shows (the rest comes first)
MORE_OPTIONS = (N_("Language"), N_("Currency"), N_("VAT regime"), N_("Payment term"),
                N_("General discount"), N_("Financial discount"))


def tab_of(request: Request) -> str:
    """The tab of the customer's page asked for in the query string (`?tab=`)."""
    tab = request.query_params.get("tab", "overview")
    return tab if tab in TABS else "overview"


def show_detail(
    request: Request,
    ctx: Context,
    contact: Contact,
    *,
    tab: str | None = None,
    person_form: Form | None = None,
    address_form: Form | None = None,
    attachment_error: str = "",
    status: int = 200,
) -> Response:
    """A customer's page on one tab; the forms on it may come back with what was typed and
    errors (then their tab is shown)."""
    tab = tab or tab_of(request)
    definitions = list_fields(ctx)
    stored = contact.custom_fields or {}
    custom = [(d.label, display_value(d, stored.get(d.key)))
              for d in definitions if stored.get(d.key) is not None]
    kinds = kinds_by_id(ctx)
    merged_into = (contact_or_404(ctx, contact.merged_into_id)
                   if contact.merged_into_id is not None else None)
    persons = list_persons(ctx, contact.id)
    facts = contact_facts(contact)
    more = {_(label) for label in MORE_OPTIONS}
    values: dict[str, object] = {
        "title": contact.name,
        "contact": contact,
        "tab": tab,
        "tabs": [(key, _(label)) for key, label in TABS.items()],
        "facts": [fact for fact in facts if fact[0] not in more],
        "more_facts": [fact for fact in facts if fact[0] in more],
        "tags": tags_by_contact(ctx, [contact.id]).get(contact.id, []),
        "custom": custom,
        "persons": persons,
        "person_line": person_line,
        "countries": country_options(),
        "merged_into": merged_into,
        "invoice_kind": "invoice" if "invoice" in kinds else None,
        "state_label": state_label,
        "vat_twins": [c for c in find_by_vat(ctx, contact.vat_number)
                      if c.id != contact.id and c.merged_into_id is None]
        if contact.vat_number else [],
    }
    if tab == "overview":
        values.update({
            "documents": list_documents(ctx, customer_id=contact.id, per_page=10),
            "kind_labels": {k: kind.label(ctx.language) for k, kind in kinds.items()},
            "revenue": customer_revenue(ctx, contact.id),
            "sold": products_sold(ctx, contact.id)[:10],
        })
    elif tab == "details":
        values["document_emails"] = [
            (kinds[k].label(ctx.language) if k in kinds else k, email)
            for k, email in sorted(document_emails(ctx, contact.id).items())]
    elif tab == "persons":
        values["person_form"] = person_form or Form({"country": ""})
    elif tab == "addresses":
        values.update({
            "addresses": list_addresses(ctx, contact.id),
            "address_kinds": [(k, _(ADDRESS_KIND_LABELS[k])) for k in ADDRESS_KINDS],
            "address_form": address_form or Form({"kind": "delivery",
                                                  "country": contact.country}),
        })
    elif tab == "attachments":
        values.update({"attachments": list_attachments(ctx, contact.id),
                       "attachment_error": attachment_error})
    subject = customer_record(contact)
    values["panels"] = [html for _addon, html in ctx.fragments("contact_panels", contact=subject)
                        if html] if tab == "overview" else []
    return render(request, ctx, "customers/detail.html", values, status_code=status)


@page()
async def customer_detail(request: Request, ctx: Context) -> Response:
    """A customer's page: details, persons, documents, revenue, attachments, app panels."""
    return show_detail(request, ctx, contact_or_404(ctx, request.path_params["contact_id"]))


@page()
async def customer_archive(request: Request, ctx: Context) -> Response:
    """Archive a customer (hidden from lists and pickers), or bring one back."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    values = await form_data(request)
    archived = values.get("archived", "1") == "1"
    try:
        archive_contact(ctx, contact.id, archived)
    except ContactError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("%(name)s is archived.") % {"name": contact.name} if archived
              else _("%(name)s is back in the lists.") % {"name": contact.name}, "success")
    return redirect(f"/customers/{contact.id}", request)


@page()
@fragment
async def customer_picker(request: Request, ctx: Context) -> Response:
    """Matching customers as radio buttons, for the document editor's customer search."""
    text = request.query_params.get("customer_q", "").strip()[:200]
    found = list_contacts(ctx, search=text or None, kind="customer", per_page=PICKER_SIZE,
                          count_limit=PICKER_SIZE, columns=LIST_COLUMNS)
    return render(request, ctx, "customers/_picker.html", {
        "title": _("Customers"), "matches": found.items, "more": found.total > PICKER_SIZE,
        "chosen": request.query_params.get("customer_id", ""), "customer_q": text,
    })


routes = [
    Route("/customers", customer_list, name="customers"),
    Route("/customers/export", customer_export, name="customers_export"),
    Route("/customers/picker", customer_picker, name="customers_picker"),
    Route("/customers/{contact_id:int}", customer_detail, name="customer"),
    Route("/customers/{contact_id:int}/archive", customer_archive, methods=["POST"],
          name="customer_archive"),
]
