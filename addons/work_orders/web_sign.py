"""Signing pages: on the employee's screen, through a link without a login, and unlocking."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders.models import WorkOrder
from addons.work_orders.service import WorkOrderError
from addons.work_orders.signing import (
    LinkRefused,
    make_link_token,
    open_link,
    read_link_token,
    sign,
    sign_by_link,
    signature_png,
    unlock,
)
from addons.work_orders.translation import _
from core.api import (
    LANGUAGES,
    Contact,
    Context,
    enqueue_mail,
    flash,
    owned,
    page,
    public,
    public_tenant_context,
    redirect,
    render_public,
    use_language,
)

BASE = "/apps/work_orders"
ADDON = "work_orders"
OWN = frozenset({ADDON})


def client_ip(request: Request) -> str:
    """The address the request came from (the proxy's trusted header is applied upstream)."""
    return request.client.host if request.client else ""


@page()
async def sign_here(request: Request, ctx: Context) -> Response:
    """The customer signs on the employee's tablet or phone."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    posted = await request.form()
    try:
        png = signature_png(str(posted.get("signature") or ""))
        sign(ctx, order, name=str(posted.get("signer_name") or ""), png=png,
             ip=client_ip(request))
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The work order is signed."), "success")
    return redirect(f"{BASE}/{order.id}", request)


@page()
async def signature(request: Request, ctx: Context) -> Response:
    """The signature image of a signed order."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    if not order.signature_png:
        raise HTTPException(404)
    return Response(order.signature_png, media_type="image/png",
                    headers={"Cache-Control": "private, no-store"})


def link_url(request: Request, ctx: Context, token: str) -> str:
    """The full address of a signing link (the deployment's public URL when it has one)."""
    base = ctx.app.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}{BASE}/sign/{token}"


@page()
async def send_link(request: Request, ctx: Context) -> Response:
    """A signing link for the customer, e-mailed when the customer has an address."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    try:
        url = link_url(request, ctx, make_link_token(ctx, order))
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
        return redirect(f"{BASE}/{order.id}", request)
    customer = ctx.session.get(Contact, order.customer_id)
    if customer is not None and customer.email:
        subject = _("Work order %(number)s to sign") % {"number": order.id}
        body = _("Please read and sign the work order through this link: %(url)s") % {
            "url": url}
        enqueue_mail(ctx, to=[customer.email], subject=subject, body_text=body)
        flash(request, _("The signing link is sent to %(email)s: %(url)s") % {
            "email": customer.email, "url": url}, "success")
    else:
        flash(request, _("The customer has no e-mail address; give them this link: %(url)s")
              % {"url": url}, "info")
    return redirect(f"{BASE}/{order.id}", request)


@page(admin=True)
async def unlock_order(request: Request, ctx: Context) -> Response:
    """An administrator opens a signed order again; its signature is cleared."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    try:
        unlock(ctx, order)
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The work order is unlocked; its signature is cleared."), "success")
    return redirect(f"{BASE}/{order.id}", request)


@public
async def sign_by_link_page(request: Request) -> Response:
    """The order and a signature box for the customer, through a signed link, no login."""
    try:
        token = read_link_token(request.app.state.facturo.settings.secret_key,
                                request.path_params["token"])
    except LinkRefused as exc:
        return render_public(request, "work_orders/sign_refused.html",
                             {"title": _("Signing link"), "reason": str(exc)}, 410,
                             active=OWN)
    posted = await request.form() if request.method == "POST" else None
    with public_tenant_context(request, token.tenant_id, ADDON) as ctx, \
            use_language(customer_language(ctx, token.order_id)):
        try:
            if posted is not None:
                png = signature_png(str(posted.get("signature") or ""))
                order = sign_by_link(ctx, token, name=str(posted.get("signer_name") or ""),
                                     png=png, ip=client_ip(request))
                return render_public(request, "work_orders/sign_done.html",
                                     {"title": _("Thank you"), "order": order}, active=ctx.active)
            order, _link = open_link(ctx, token)
        except LinkRefused as exc:
            return render_public(request, "work_orders/sign_refused.html",
                                 {"title": _("Signing link"), "reason": str(exc)}, 410,
                                 active=ctx.active)
        except WorkOrderError as exc:
            order, _link = open_link(ctx, token)
            return _sign_form(request, ctx, order, str(exc), 400)
        return _sign_form(request, ctx, order, None, 200)


def customer_language(ctx: Context, order_id: int) -> str:
    """The language of the customer of an order (the page speaks it), else the visitor's."""
    language = ctx.session.scalar(
        select(Contact.language).join(WorkOrder, WorkOrder.customer_id == Contact.id)
        .where(WorkOrder.id == order_id))
    return language if language in LANGUAGES else ctx.language


def _sign_form(request: Request, ctx: Context, order: WorkOrder, error: str | None,
               status: int) -> Response:
    return render_public(request, "work_orders/sign_link.html", {
        "title": _("Work order %(number)s") % {"number": order.id}, "order": order,
        "customer": ctx.session.get(Contact, order.customer_id), "error": error,
        "action": request.url.path,
    }, status, active=ctx.active)


def routes() -> list[Route]:
    """The signing routes."""
    order = "/{order_id:int}"
    return [
        Route(f"{order}/sign", sign_here, methods=["POST"], name="work_order_sign"),
        Route(f"{order}/signature.png", signature, name="work_order_signature"),
        Route(f"{order}/link", send_link, methods=["POST"], name="work_order_link"),
        Route(f"{order}/unlock", unlock_order, methods=["POST"], name="work_order_unlock"),
        Route("/sign/{token}", sign_by_link_page, methods=["GET", "POST"],
              name="work_order_sign_link"),
    ]
