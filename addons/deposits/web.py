"""Pages of deposits, under /apps/deposits/: articles, a product's deposits, a document's returns.

Every change goes through `addons.deposits.service`; a refused form is shown again with what
was typed and the reason.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from addons.deposits import service
from addons.deposits.lines import movements, overreturned
from addons.deposits.models import DepositArticle, VatTreatment
from addons.deposits.translation import _, ngettext
from addons.products.api import ProductError, get_product
from core.api import (
    Context,
    DocumentError,
    Form,
    flash,
    form_data,
    owned_id,
    page,
    redirect,
    render,
    render_fragment,
)
from core.api import load_document as load

BASE = "/apps/deposits"


def treatment_options() -> list[tuple[str, str]]:
    """The VAT treatments as (value, label) for a select."""
    return [(VatTreatment.EXCLUDED, _("Kept out of the VAT base")),
            (VatTreatment.PRODUCT_RATE, _("At the product's VAT rate"))]


@page()
async def articles_page(request: Request, ctx: Context) -> Response:
    """The deposit articles; add one."""
    form = Form({"vat_treatment": ctx.addon_settings("deposits")["default_vat_treatment"]})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            with ctx.session.begin_nested():
                service.create_article(ctx, values.get("name", ""), values.get("amount", ""),
                                       vat_treatment=values.get("vat_treatment") or None)
        except (service.DepositError, ProductError) as exc:
            form.add_error("name", str(exc))
        else:
            flash(request, _("The deposit article is added."), "success")
            return redirect(f"{BASE}/", request)
    return render(request, ctx, "deposits/articles.html",
                  {"title": _("Deposits"), "articles": service.list_articles(ctx), "form": form,
                   "options": treatment_options(), "labels": dict(treatment_options()),
                   "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def article_treatment(request: Request, ctx: Context) -> Response:
    """Change how an article's deposit is taxed."""
    article_id = owned_id(ctx, DepositArticle, request.path_params["article_id"])
    values = await form_data(request)
    try:
        service.set_vat_treatment(ctx, article_id, values.get("vat_treatment", ""))
    except service.DepositError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The VAT treatment is saved."), "success")
    return redirect(f"{BASE}/", request)


def _quantities(values: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for key, value in values.items():
        if key.startswith("article_") and key[8:].isdigit():
            found[int(key[8:])] = value or "0"
    return found


@page()
async def product_page(request: Request, ctx: Context) -> Response:
    """What one unit of a product carries: a quantity per deposit article."""
    try:
        product = get_product(ctx, int(request.path_params["product_id"]))
    except ProductError:
        raise HTTPException(404) from None
    articles = service.list_articles(ctx)
    form = Form({f"article_{row.article_id}": service.plain(row.quantity)
                 for row in service.carried(ctx, product.id)})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            with ctx.session.begin_nested():
                service.set_product_deposits(ctx, product.id, _quantities(values))
        except service.DepositError as exc:
            form.add_error("deposits", str(exc))
        else:
            flash(request, _("The deposits are saved."), "success")
            return redirect(f"{BASE}/products/{product.id}", request)
    return render(request, ctx, "deposits/product.html",
                  {"title": _("Deposits of %(name)s") % {"name": product.name},
                   "product": product, "articles": articles, "form": form, "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def document_page(request: Request, ctx: Context) -> Response:
    """The deposit block of a document; on a draft, the empties brought back."""
    try:
        document = load(ctx, int(request.path_params["document_id"]))
    except DocumentError:
        raise HTTPException(404) from None
    form = Form({f"article_{r.article_id}": service.plain(r.quantity)
                 for r in service.returns_of(ctx, document.id)})
    if request.method == "POST":
        values = await form_data(request)
        form = Form(dict(values))
        try:
            with ctx.session.begin_nested():
                service.set_returns(ctx, document, _quantities(values))
        except (service.DepositError, DocumentError) as exc:
            form.add_error("returns", str(exc))
        else:
            flash(request, _("The returned empties are saved."), "success")
            for found in overreturned(ctx, document):
                flash(request, ngettext(
                    "The customer holds only %(count)s %(name)s; %(returned)s are entered as "
                    "returned.",
                    "The customer holds only %(count)s %(name)s; %(returned)s are entered as "
                    "returned.",
                    int(found.held),
                ) % {"count": service.plain(found.held), "name": found.article.product.name,
                     "returned": service.plain(found.returned)}, "warning")
            return redirect(f"{BASE}/documents/{document.id}", request)
    return render(request, ctx, "deposits/document.html",
                  {"title": _("Deposits"), "document": document, "form": form,
                   "articles": service.list_articles(ctx), "movements": movements(ctx, document),
                   "base": BASE},
                  status_code=422 if form.errors else 200)


@page()
async def document_panel(request: Request, ctx: Context) -> Response:
    """The deposit panel of a document alone: the editor reloads it when the lines change."""
    try:
        document = load(ctx, int(request.path_params["document_id"]))
    except DocumentError:
        raise HTTPException(404) from None
    return HTMLResponse(render_fragment(ctx, "deposits/document_panel.html", document=document,
                                        movements=movements(ctx, document),
                                        currency=document.currency))


routes = [
    Route("/", articles_page, methods=["GET", "POST"]),
    Route("/articles/{article_id:int}", article_treatment, methods=["POST"]),
    Route("/products/{product_id:int}", product_page, methods=["GET", "POST"]),
    Route("/documents/{document_id:int}", document_page, methods=["GET", "POST"]),
    Route("/documents/{document_id:int}/panel", document_panel),
]
