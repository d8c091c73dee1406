"""The editor of a draft: a new document for a customer (or a customer typed on the spot and
saved as new), the header, and lines added, changed, removed and moved.

Every form is a plain POST that redirects back to the editor; with htmx the line forms
swap just the lines and totals (`documents/_lines.html`), so the totals follow each change.
Numbers are read as typed in Belgium (`1.234,50` or `1234.50`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.errors import NotFound, ValidationError
from core.contacts.fields import parse_decimal
from core.contacts.listing import LIST_COLUMNS, list_contacts
from core.contacts.persons import attention_of, list_persons, person_line
from core.contacts.service import save_party_as_customer
from core.context import Context
from core.documents.convert import linked_sources
from core.documents.delivery import DeliveryError
from core.documents.errors import DocumentError
from core.documents.lines import add_line, move_line, price_changes, remove_line, update_line
from core.documents.models import Document, LineType
from core.documents.service import create_document, update_document
from core.documents.vat import RATES
from core.i18n import _
from core.units import choices as unit_choices
from core.web.forms import Form, form_data
from core.web.ids import id_value, owned_id
from core.web.pages import is_partial, page, redirect, render
from core.web.routes.common import (
    contact_or_404,
    date_or_none,
    document_or_404,
    fragment,
    int_or_none,
    kinds_by_id,
)
from core.web.routes.customer_labels import country_options, language_options, regime_options
from core.web.routes.document_context import document_context, kind_title
from core.web.routes.document_labels import LINE_TYPE_LABELS, decimal_input
from core.web.routes.documents_reprice import reprice_page

PICKER_SIZE = 10
PRODUCT_TABLE = "products_products"
"""The table a product line's `product_id` refers to (the products app's, named, not imported:
a 404 for every product id where that app is not installed)."""
PARTY_FIELDS = ("name", "vat_number", "street", "postal_code", "city", "country", "email",
                "attention")
NUMBERS = {"quantity": "quantity", "unit_price": "unit_price",
           "discount_percent": "discount_percent", "vat_rate": "vat_rate"}


class LineInput(Exception):
    """Line values that cannot be read; `errors` names each field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _customer_matches(ctx: Context, text: str) -> tuple[list[Any], bool]:
    found = list_contacts(ctx, search=text or None, kind="customer", per_page=PICKER_SIZE,
                          count_limit=PICKER_SIZE, columns=LIST_COLUMNS)
    return found.items, found.total > PICKER_SIZE


def _product_choices(ctx: Context, text: str) -> list[tuple[int, str]]:
    return list(ctx.call("product_choices", search=text, limit=PICKER_SIZE) or [])


def has_products(ctx: Context) -> bool:
    """Whether an active app offers products for product lines."""
    return bool(ctx.hooks.hook.product_choices.get_hookimpls())


# --- A new document ----------------------------------------------------------------------------


def _new_page(request: Request, ctx: Context, kind: str, form: Form, status: int = 200,
              customer_q: str = "") -> Response:
    kinds = kinds_by_id(ctx)
    chosen = int_or_none(form.value("customer_id"))
    current = contact_or_404(ctx, chosen) if chosen is not None else None
    matches, more = _customer_matches(ctx, customer_q) if customer_q or current is None \
        else ([], False)
    return render(request, ctx, "documents/new.html", {
        "title": _("New %(kind)s") % {"kind": kinds[kind].label(ctx.language).lower()},
        "kind": kinds[kind], "list_title": kind_title(ctx, kind), "form": form,
        "current": current, "matches": matches, "more": more, "customer_q": customer_q,
        "countries": country_options(),
    }, status_code=status)


def _kind(ctx: Context, request: Request) -> str:
    kind = request.path_params["kind"]
    if kind not in kinds_by_id(ctx) or kinds_by_id(ctx)[kind].is_credit:
        raise HTTPException(404)
    return kind


@page(lock=True)
async def new_document(request: Request, ctx: Context) -> Response:
    """Choose the customer (or type a new one) and the date; the draft opens in the editor."""
    kind = _kind(ctx, request)
    if request.method == "GET":
        params = request.query_params
        form = Form({"customer_id": params.get("customer_id", ""),
                     "issue_date": date.today().isoformat(), "party.country": "BE"})
        return _new_page(request, ctx, kind, form, customer_q=params.get("customer_q", ""))
    values = await form_data(request)
    form = Form(values)
    if values.get("customer_search"):
        return _new_page(request, ctx, kind, form, customer_q=values.get("customer_q", ""))
    issue_date = date_or_none(values.get("issue_date")) or date.today()
    customer_id = int_or_none(values.get("customer_id"))
    if values.get("new_customer"):
        party = {k: values.get(f"party.{k}", "") for k in PARTY_FIELDS}
        try:
            customer_id = save_party_as_customer(ctx, party).id
        except ValidationError as exc:
            for field, message in exc.errors.items():
                form.add_error(f"party.{field}", message)
            return _new_page(request, ctx, kind, form, 422)
    if customer_id is None:
        form.add_error("customer_id", _("Choose a customer."))
        return _new_page(request, ctx, kind, form, 422,
                         customer_q=values.get("customer_q", ""))
    contact_or_404(ctx, customer_id)
    try:
        doc = create_document(ctx, kind, customer_id, issue_date=issue_date)
    except DocumentError as exc:
        form.add_error("customer_id", str(exc))
        return _new_page(request, ctx, kind, form, 422)
    return redirect(f"/documents/{doc.id}", request)


# --- The editor --------------------------------------------------------------------------------


def header_values(doc: Document) -> dict[str, Any]:
    """The header form of a stored draft."""
    return {
        "customer_id": str(doc.customer_id),
        "issue_date": doc.issue_date.isoformat(),
        "delivery_date": doc.delivery_date.isoformat() if doc.delivery_date else "",
        "delivery_end": doc.delivery_end.isoformat() if doc.delivery_end else "",
        "delivery_country": doc.delivery_country or "",
        "payment_term_days": "" if doc.payment_term_days is None else str(doc.payment_term_days),
        "vat_regime": doc.vat_regime, "language": doc.language, "attention": doc.attention,
        "contact_person_id": "" if doc.contact_person_id is None else str(doc.contact_person_id),
        "notes": doc.notes, "internal_note": doc.internal_note,
    }


def editor_context(ctx: Context, doc: Document, **extra: Any) -> dict[str, Any]:
    """What the editor page and its lines partial show."""
    values = document_context(ctx, doc)
    values.update({
        "rates": [str(rate) for rate in RATES],
        "line_types": {k: _(v) for k, v in LINE_TYPE_LABELS.items()},
        "decimal_input": decimal_input,
        "with_products": has_products(ctx),
        "line_errors": {},
        "new_line": Form({"quantity": "1", "vat_rate": ""}),
        "blank": Form({"quantity": "1", "vat_rate": ""}),
        "products": [],
        "product_q": "",
        "unit_choices": unit_choices(ctx.language),
    })
    values.update(extra)
    return values


def show_editor(request: Request, ctx: Context, doc: Document, *, header: Form | None = None,
                customer_q: str = "", status: int = 200, **extra: Any) -> Response:
    """The full editor page of a draft."""
    kind = kinds_by_id(ctx)[doc.kind]
    matches, more = _customer_matches(ctx, customer_q) if customer_q else ([], False)
    values = editor_context(ctx, doc, **extra)
    values.update({
        "title": _("Draft %(kind)s") % {"kind": kind.label(ctx.language).lower()},
        "header": header or Form(header_values(doc)),
        "customer_q": customer_q, "matches": matches, "more": more,
        "languages": language_options(), "regimes": regime_options(document=True),
        "delivery_countries": [("", _("The customer's address")), *country_options()],
        "sources": linked_sources(ctx, doc),
        "person_options": [("", _("Nobody in particular"))] + [
            (str(person.id), person_line(person)) for person in list_persons(ctx, doc.customer_id)],
    })
    return render(request, ctx, "documents/editor.html", values, status_code=status)


def _draft(ctx: Context, request: Request) -> Document:
    doc = document_or_404(ctx, request.path_params["document_id"])
    if not doc.is_draft:
        raise HTTPException(400)
    return doc


@page()
async def save_header(request: Request, ctx: Context) -> Response:
    """Change the customer, date, payment term, VAT regime, language or notes of a draft."""
    doc = _draft(ctx, request)
    values = await form_data(request)
    form = Form(values)
    before = doc.customer_id
    regime, language = doc.vat_regime, doc.language
    if values.get("customer_search"):
        return show_editor(request, ctx, doc, header=form,
                           customer_q=values.get("customer_q", ""))
    changes: dict[str, Any] = {
        "language": values.get("language") or doc.language,
        "vat_regime": values.get("vat_regime") or doc.vat_regime,
        "attention": values.get("attention", "")[:200],
        "notes": values.get("notes", ""),
        "internal_note": values.get("internal_note", ""),
    }
    issue_date = date_or_none(values.get("issue_date"))
    if issue_date is None:
        form.add_error("issue_date", _("Enter a date."))
    else:
        changes["issue_date"] = issue_date
    for name in ("delivery_date", "delivery_end"):
        typed = values.get(name, "").strip()
        changes[name] = date_or_none(typed)
        if typed and changes[name] is None:
            form.add_error(name, _("Enter a date."))
    changes["delivery_country"] = values.get("delivery_country", "")
    customer_id = int_or_none(values.get("customer_id"))
    if customer_id is not None and customer_id != doc.customer_id:
        changes["customer"] = contact_or_404(ctx, customer_id).id
    person_id = int_or_none(values.get("contact_person_id"))
    changes["contact_person_id"] = None
    if person_id is not None and "customer" not in changes:
        try:
            changes["attention"], _address = attention_of(ctx, doc.customer_id, person_id)
        except NotFound:
            raise HTTPException(404) from None
        changes["contact_person_id"] = person_id
    if kinds_by_id(ctx)[doc.kind].payable:
        term = values.get("payment_term_days", "").strip()
        if not term.isdigit():
            form.add_error("payment_term_days", _("A payment term is a number of days, 0 or "
                                                   "more."))
        else:
            changes["payment_term_days"] = int(term)
    if form.ok:
        try:
            with ctx.session.begin_nested():
                update_document(ctx, doc, **changes)
        except DeliveryError as exc:
            form.add_error(exc.field, str(exc))
        except DocumentError as exc:
            form.add_error("vat_regime", str(exc))
    if not form.ok:
        ctx.session.expire(doc)
        if is_partial(request):
            return _header_status(request, ctx, doc, form)  # 200: the errors are in it
        return show_editor(request, ctx, doc, header=form, status=422)
    if "customer" in changes and price_changes(ctx, doc):  # ask before re-pricing
        return redirect(f"/documents/{doc.id}/reprice", request)
    if values.get("then") == "post":
        return redirect(f"/documents/{doc.id}/post", request)
    if is_partial(request):
        response = _header_status(request, ctx, doc, form)
        if (doc.customer_id, doc.vat_regime, doc.language) != (before, regime, language):
            response.headers["HX-Refresh"] = "true"  # lines, totals and mentions follow
        return response
    return redirect(f"/documents/{doc.id}", request)


def _header_status(request: Request, ctx: Context, doc: Document, form: Form) -> Response:
    """The "saved" state of the header, or its errors by field (for htmx)."""
    return render(request, ctx, "documents/_header_status.html",
                  {"document": doc, "header": form})


#: The htmx event a partial update of a draft's lines sends (`HX-Trigger`): an app's panel
#: on the page listens to it (`hx-trigger="document-lines-changed from:body"`) to refresh.
LINES_CHANGED = "document-lines-changed"


def _line_values(values: dict[str, str], *, adding: bool) -> dict[str, Any]:
    """The line service's values from a line form; raises `LineInput` when unreadable."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if adding:
        line_type = values.get("line_type", LineType.FREE)
        data["line_type"] = line_type if line_type in LineType.ALL else LineType.FREE
        product = id_value(values.get("product_id"))
        if product is not None and data["line_type"] == LineType.FREE:
            data["line_type"] = LineType.PRODUCT  # a product chosen in the description cell
            values = {k: v for k, v in values.items() if k != "description"}
        if data["line_type"] == LineType.PRODUCT:
            if product is None:
                errors["product_id"] = _("Choose a product.")
            data["product_id"] = product
    if "description" in values:
        data["description"] = values["description"]
    if "unit" in values and (adding or values["unit"] != values.get("unit_was")):
        data["unit"] = values["unit"][:20]  # unchanged: the unit's code stays as stored
    for field in NUMBERS:
        if field not in values:
            continue
        raw = values[field].strip()
        try:
            number = parse_decimal(raw) if raw else None
        except ValueError as exc:
            errors[field] = str(exc)
            continue
        if field == "unit_price":
            if not adding and raw == values.get("unit_price_was", "").strip():
                continue  # unchanged: a price proposed by an app stays the app's
            data[field] = number
        elif number is not None:
            data[field] = number
        elif field == "vat_rate":
            data[field] = None
    if errors:
        raise LineInput(errors)
    return data


def _after_lines(request: Request, ctx: Context, doc: Document, *, errors: dict[Any, Any]
                 | None = None, new_line: Form | None = None, anchor: str = "lines",
                 **extra: Any) -> Response:
    status = 422 if errors else 200
    if is_partial(request):
        values = editor_context(ctx, doc, line_errors=errors or {}, **extra)
        if new_line is not None:
            values["new_line"] = new_line
        response = render(request, ctx, "documents/_lines.html", values, status_code=status)
        # panels of apps that show what the lines hold refresh on this event
        response.headers["HX-Trigger"] = LINES_CHANGED
        return response
    if errors or extra:
        if new_line is not None:
            extra["new_line"] = new_line
        return show_editor(request, ctx, doc, line_errors=errors or {}, status=status, **extra)
    return redirect(f"/documents/{doc.id}#{anchor}", request)


@page()
async def line_add(request: Request, ctx: Context) -> Response:
    """Add a line (product, free, text or subtitle) to a draft."""
    doc = _draft(ctx, request)
    values = await form_data(request)
    form = Form(values)
    if values.get("product_search"):
        text = values.get("product_q") or values.get("description", "")
        return _after_lines(request, ctx, doc, new_line=form,
                            products=_product_choices(ctx, text), product_q=text)
    try:
        data = _line_values(values, adding=True)
        if data.get("product_id") is not None:
            data["product_id"] = owned_id(ctx, PRODUCT_TABLE, data["product_id"])
        with ctx.session.begin_nested():
            line = add_line(ctx, doc, data)
    except LineInput as exc:
        return _after_lines(request, ctx, doc, errors={"new": exc.errors}, new_line=form)
    except DocumentError as exc:
        ctx.session.expire(doc)
        return _after_lines(request, ctx, doc, errors={"new": {"description": str(exc)}},
                            new_line=form)
    return _after_lines(request, ctx, doc, anchor=f"line-{line.id}")


def _line_id(request: Request, doc: Document) -> int:
    line_id = request.path_params["line_id"]
    if not any(line.id == line_id for line in doc.lines):
        raise HTTPException(404)
    return int(line_id)


@page()
async def line_save(request: Request, ctx: Context) -> Response:
    """Change a line of a draft; the totals follow."""
    doc = _draft(ctx, request)
    line_id = _line_id(request, doc)
    values = await form_data(request)
    try:
        data = _line_values(values, adding=False)
        with ctx.session.begin_nested():
            update_line(ctx, doc, line_id, **data)
    except LineInput as exc:
        return _after_lines(request, ctx, doc, errors={line_id: exc.errors})
    except DocumentError as exc:
        ctx.session.expire(doc)
        return _after_lines(request, ctx, doc, errors={line_id: {"description": str(exc)}})
    return _after_lines(request, ctx, doc, anchor=f"line-{line_id}")


@page()
async def line_delete(request: Request, ctx: Context) -> Response:
    """Remove a line of a draft."""
    doc = _draft(ctx, request)
    line_id = _line_id(request, doc)
    try:
        remove_line(ctx, doc, line_id)
    except DocumentError as exc:
        return _after_lines(request, ctx, doc, errors={line_id: {"description": str(exc)}})
    return _after_lines(request, ctx, doc)


@page()
async def line_move(request: Request, ctx: Context) -> Response:
    """Move a line up or down (or to `position`)."""
    doc = _draft(ctx, request)
    line_id = _line_id(request, doc)
    values = await form_data(request)
    current = next(line.position for line in doc.lines if line.id == line_id)
    position = int_or_none(values.get("position"))
    if position is None:
        position = current - 1 if values.get("direction") == "up" else current + 1
    try:
        move_line(ctx, doc, line_id, max(1, min(position, len(doc.lines))))
    except DocumentError as exc:
        return _after_lines(request, ctx, doc, errors={line_id: {"description": str(exc)}})
    return _after_lines(request, ctx, doc, anchor=f"line-{line_id}")


@page()
@fragment
async def totals(request: Request, ctx: Context) -> Response:
    """The totals of a document (the partial the editor refreshes)."""
    doc = document_or_404(ctx, request.path_params["document_id"])
    return render(request, ctx, "documents/_totals.html", editor_context(ctx, doc))


@page()
@fragment
async def product_picker(request: Request, ctx: Context) -> Response:
    """Products matching the search, as choices for a new product line."""
    doc = _draft(ctx, request)
    params = request.query_params
    text = (params.get("product_q") or params.get("description") or "").strip()[:200]
    return render(request, ctx, "documents/_products.html", {
        "title": _("Products"), "document": doc, "products": _product_choices(ctx, text),
        "new_line": Form({}), "product_q": text,
    })


routes = [
    Route("/documents/{kind}/new", new_document, methods=["GET", "POST"],
          name="document_new"),
    Route("/documents/{document_id:int}/header", save_header, methods=["POST"],
          name="document_header"),
    Route("/documents/{document_id:int}/lines", line_add, methods=["POST"],
          name="document_line_add"),
    Route("/documents/{document_id:int}/lines/{line_id:int}", line_save, methods=["POST"],
          name="document_line"),
    Route("/documents/{document_id:int}/lines/{line_id:int}/delete", line_delete,
          methods=["POST"], name="document_line_delete"),
    Route("/documents/{document_id:int}/lines/{line_id:int}/move", line_move,
          methods=["POST"], name="document_line_move"),
    Route("/documents/{document_id:int}/totals", totals, name="document_totals"),
    Route("/documents/{document_id:int}/products", product_picker, name="document_products"),
    Route("/documents/{document_id:int}/reprice", reprice_page, methods=["GET", "POST"],
          name="document_reprice"),
]
