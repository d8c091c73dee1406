"""A customer's full report: revenue per year, products sold per year, every document and
what active apps add (payments); as a page and as a PDF with the same content."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.contacts.report import CustomerReport, customer_report
from core.context import Context
from core.i18n import _
from core.output.pdf import html_to_pdf
from core.web.formatting import format_currency, format_date, format_decimal
from core.web.pages import page, render
from core.web.routes.common import contact_or_404, download, kinds_by_id
from core.web.routes.document_labels import state_label
from core.web.templating import render_fragment


def report_values(ctx: Context, report: CustomerReport) -> dict[str, Any]:
    """The report as text ready to print, shared by the page and the PDF."""
    contact = report.contact
    currency, language = contact.currency, ctx.language
    kinds = kinds_by_id(ctx)

    def money(amount: Any, code: str = currency) -> str:
        return format_currency(amount, code, language)

    products = [(year, [(sale.description.split("\n")[0],
                         format_decimal(sale.quantity, language=language), money(sale.amount))
                        for sale in sales])
                for year, sales in report.products_by_year.items()]
    documents = [(row.id, kinds[row.kind].label(language) if row.kind in kinds else row.kind,
                  row.number or _("(draft)"), format_date(row.issue_date, language=language),
                  state_label(row.state), money(row.total_incl_vat, row.currency))
                 for row in report.documents]
    return {
        "contact": contact,
        "title": _("Full report of %(name)s") % {"name": contact.name},
        "total": money(report.revenue.total),
        "years": [(year, money(amount))
                  for year, amount in sorted(report.revenue.by_year.items(), reverse=True)],
        "products": products,
        "documents": documents,
        "sections": report.sections,
    }


@page()
async def report_page(request: Request, ctx: Context) -> Response:
    """The full report as a page."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    return render(request, ctx, "customers/report.html",
                  report_values(ctx, customer_report(ctx, contact)))


@page()
async def report_pdf(request: Request, ctx: Context) -> Response:
    """The full report as a PDF."""
    contact = contact_or_404(ctx, request.path_params["contact_id"])
    values = report_values(ctx, customer_report(ctx, contact))
    html = str(render_fragment(ctx, "customers/report_pdf.html", **values))
    data = await run_in_threadpool(html_to_pdf, html, meta={"title": values["title"]})
    return download(data, f"{_('report')} {contact.number}.pdf", "application/pdf",
                    inline=request.query_params.get("inline") == "1")


routes = [
    Route("/customers/{contact_id:int}/report", report_page, name="customer_report"),
    Route("/customers/{contact_id:int}/report.pdf", report_pdf, name="customer_report_pdf"),
]
