"""A work order on paper, in the tenant's document theme and the customer's language.

It is printed as a `DocumentView` without prices: the lines (materials, time, trips, and
when asked the notes and the employees' names), the site address, the photos as
thumbnails and the signature with the signer's name and the moment. The order's options
say whether start and end times and the names and notes are shown.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders.models import LineKind, WorkOrder, WorkOrderLine
from addons.work_orders.photos import thumbnails
from addons.work_orders.rounding import hours, rounded_minutes
from addons.work_orders.translation import _
from core.api import (
    LANGUAGES,
    Address,
    Buyer,
    Contact,
    DocumentView,
    ExtraBlock,
    ViewLine,
    company_look,
    in_worker,
    owned,
    page,
    render_pdf,
    seller_of,
    tenant_members,
    unit_label,
    use_language,
)

if TYPE_CHECKING:
    from core.api import Context

ADDON = "work_orders"
ZERO = Decimal(0)
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE", "de": "de_BE"}


def _day(value: object, language: str) -> str:
    return format_date(value, "dd/MM/yyyy", locale=LOCALES.get(language, "nl_BE"))


def _line(line: WorkOrderLine, order: WorkOrder, mode: str, names: dict[int, str],
          language: str) -> ViewLine | None:
    if line.kind == LineKind.TEXT:
        return ViewLine.text(line.description) if order.show_names else None
    if line.kind == LineKind.MATERIAL:
        return ViewLine.item(line.description, line.quantity, ZERO, ZERO, "")
    if line.kind == LineKind.KM:
        return ViewLine.item(line.description or _("Travel"), line.quantity, ZERO, ZERO, "",
                             unit=unit_label("KMT", language))
    parts = [_("Work")]
    if order.show_names and line.user_id in names:
        parts.append(names[line.user_id])
    if line.work_date:
        parts.append(_day(line.work_date, language))
    if order.show_times and line.start_time and line.end_time:
        parts.append(f"{line.start_time:%H:%M}–{line.end_time:%H:%M}")
    if line.description:
        parts.append(line.description)
    return ViewLine.item(" – ".join(parts), hours(rounded_minutes(line.minutes, mode)),
                         ZERO, ZERO, "", unit=unit_label("HUR", language))


def _photos_block(ctx: Context, order: WorkOrder) -> str:
    images = Markup("").join(
        Markup('<img src="data:image/jpeg;base64,{}" width="120">').format(
            base64.b64encode(thumb).decode("ascii"))
        for thumb in thumbnails(ctx, order.id))
    return str(Markup("<h3>{}</h3><p>{}</p>").format(_("Site photos"), images)) if images else ""


def _signature_block(order: WorkOrder) -> str:
    if not order.signature_png or order.signed_at is None:
        return ""
    image = base64.b64encode(order.signature_png).decode("ascii")
    return str(Markup('<h3>{}</h3><img src="data:image/png;base64,{}" width="200">'
                      "<p>{}</p>").format(
        _("Customer's signature"), image,
        _("Signed by %(name)s on %(moment)s UTC") % {
            "name": order.signer_name, "moment": order.signed_at.strftime("%d/%m/%Y %H:%M")}))


def work_order_view(ctx: Context, order: WorkOrder) -> DocumentView:
    """The printable work order, in its customer's language."""
    customer = ctx.session.get(Contact, order.customer_id)
    language = customer.language if customer and customer.language in LANGUAGES else "nl"
    mode = ctx.addon_settings(ADDON)["time_rounding"]
    names = {member.user_id: member.name for member in tenant_members(ctx)}
    with use_language(language):
        lines = tuple(view for line in order.lines
                      if (view := _line(line, order, mode, names, language)) is not None)
        site = ", ".join(part for part in (
            order.site_street, f"{order.site_postal_code} {order.site_city}".strip()) if part)
        planned = _day(order.planned_start, language)
        if order.planned_end and order.planned_end != order.planned_start:
            planned += " – " + _day(order.planned_end, language)
        fields = [(_("Site address"), site), (_("Planned"), planned)]
        if order.show_names and order.assignees:
            fields.append((_("Employees"), ", ".join(
                names.get(row.user_id, "") for row in order.assignees)))
        blocks = tuple(ExtraBlock(ADDON, html) for html in (
            _photos_block(ctx, order), _signature_block(order)) if html)
        return DocumentView(
            kind="work_order", number=str(order.id), issue_date=order.planned_start,
            language=language, seller=seller_of(ctx),
            buyer=Buyer(customer.name if customer else "", Address(
                customer.street, customer.postal_code, customer.city, customer.country)
                if customer else Address(), vat_number=(customer.vat_number or "")
                if customer else ""),
            lines=lines, vat_totals=(), total_net=ZERO, total_vat=ZERO, total=ZERO,
            title=_("Work order"), header_fields=tuple(fields),
            intro=order.description, outro=order.notes if order.show_names else "",
            extra_blocks=blocks, show_prices=False, **company_look(ctx))


@page()
async def pdf(request: Request, ctx: Context) -> Response:
    """The work order as a PDF."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    view = work_order_view(ctx, order)
    data = await in_worker(render_pdf, view)
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="work-order-{order.id}.pdf"'})


def routes() -> list[Route]:
    """The PDF route."""
    return [Route("/{order_id:int}/pdf", pdf, name="work_order_pdf")]
