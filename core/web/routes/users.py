"""Settings → Users: the company's members, inviting by e-mail, changing roles."""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.i18n import N_, _
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.service import TenantError, add_member, create_user
from core.web.forms import Form, form_data
from core.web.identity import facturo, identify
from core.web.listing import ListQuery, paginate
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.passwords import reset_token, send_password_reset
from core.web.routes.auth import public_url

log = logging.getLogger(__name__)

ROLE_LABELS = {
    Role.OWNER: N_("Owner"),
    Role.ADMIN: N_("Administrator"),
    Role.MEMBER: N_("Member"),
    Role.ACCOUNTANT: N_("Accountant"),
}
ROLE_HELP = {
    Role.OWNER: N_("Everything, including other owners."),
    Role.ADMIN: N_("Everything: settings, apps and users."),
    Role.MEMBER: N_("Customers, products and documents; no settings."),
    Role.ACCOUNTANT: N_("Reads everything, changes nothing."),
}
SORTS = ("email", "name", "role")


def menu(ctx: Context) -> list[MenuItem]:
    """The Users entry, for administrators."""
    return [MenuItem(_("Users"), "/settings/users", icon="users", order=30, section=SETTINGS,
                     admin_only=True)]


def _may_grant(granter: Role, role: Role) -> bool:
    return role is not Role.OWNER or granter is Role.OWNER


def _owners(ctx: Context) -> int:
    return int(ctx.session.scalar(
        select(func.count()).select_from(Membership)
        .where(Membership.tenant_id == ctx.tenant_id, Membership.role == Role.OWNER)
    ) or 0)


def _page(request: Request, ctx: Context, form: Form, status: int = 200) -> Response:
    query = ListQuery.from_request(request, SORTS, "email")
    statement = (
        select(User.id, User.email, User.name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == ctx.tenant_id)
    )
    members = paginate(
        ctx.session, statement, query, search=(User.email, User.name),
        sort={"email": User.email, "name": User.name, "role": Membership.role},
    )
    assert ctx.role is not None
    grantable = [role for role in Role if _may_grant(ctx.role, role)]
    return render(
        request, ctx, "settings/users.html",
        {"title": _("Users"), "members": members, "form": form, "roles": grantable,
         "role_labels": {role: _(label) for role, label in ROLE_LABELS.items()},
         "role_help": {role: _(text) for role, text in ROLE_HELP.items()},
         "role_options": [(role.value, _(ROLE_LABELS[role])) for role in grantable],
         "me": ctx.user_id},
        status_code=status,
    )


@page(admin=True)
async def users(request: Request, ctx: Context) -> Response:
    """The list of members and the invitation form."""
    return _page(request, ctx, Form({"role": Role.MEMBER.value}))


def _role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


@page(admin=True)
async def invite(request: Request, ctx: Context) -> Response:
    """Give a person (new or existing user) a role in the company."""
    values = await form_data(request)
    form = Form({"email": values.get("email", "").lower(), "role": values.get("role", "")})
    role = _role(form.value("role"))
    assert ctx.role is not None
    if role is None or not _may_grant(ctx.role, role):
        form.add_error("role", _("Choose one of the roles."))
    if "@" not in form.value("email") or len(form.value("email")) > 254:
        form.add_error("email", _("Enter an e-mail address."))
    app = facturo(request)
    user = ctx.session.scalars(select(User).where(User.email == form.value("email"))).first()
    if user is not None and ctx.session.scalar(
        select(Membership.id).where(Membership.tenant_id == ctx.tenant_id,
                                    Membership.user_id == user.id)
    ):
        form.add_error("email", _("This person is already a member."))
    if not form.ok:
        return _page(request, ctx, form, 422)
    assert role is not None
    if user is None:
        tenant = ctx.session.get(Tenant, ctx.tenant_id)
        language = tenant.language if tenant and tenant.language in ("nl", "fr", "en") else "nl"
        try:
            user = create_user(app, form.value("email"), secrets.token_urlsafe(24),
                               language=language)
        except TenantError:
            form.add_error("email", _("Enter an e-mail address."))
            return _page(request, ctx, form, 422)
        add_member(app, ctx.tenant_id, user.id, role)
        link = public_url(request, f"/password/reset/{reset_token(app, user)}")
        try:
            send_password_reset(app, user, link, tenant_id=ctx.tenant_id)
        except Exception as exc:
            log.warning("invitation e-mail to %s not queued: %s", user.email, exc)
            flash(request, _("The invitation e-mail could not be queued: %(reason)s")
                  % {"reason": str(exc)}, "warning")
    else:
        add_member(app, ctx.tenant_id, user.id, role)
    flash(request, _("%(email)s is now a member with the role %(role)s.")
          % {"email": user.email, "role": _(ROLE_LABELS[role])}, "success")
    return redirect("/settings/users")


@page(admin=True)
async def change_role(request: Request, ctx: Context) -> Response:
    """Change a member's role; a company always keeps an owner."""
    user_id = request.path_params["user_id"]
    membership = ctx.session.scalars(
        select(Membership).where(Membership.tenant_id == ctx.tenant_id,
                                 Membership.user_id == user_id)
    ).first()
    if membership is None:
        raise HTTPException(404)
    values = await form_data(request)
    role = _role(values.get("role", ""))
    assert ctx.role is not None
    if role is None or not _may_grant(ctx.role, role) or not _may_grant(ctx.role, membership.role):
        flash(request, _("You cannot give or take away this role."), "error")
        return redirect("/settings/users")
    if membership.role is Role.OWNER and role is not Role.OWNER and _owners(ctx) <= 1:
        flash(request, _("A company needs at least one owner."), "error")
        return redirect("/settings/users")
    membership.role = role
    identity = identify(request)
    flash(request, _("The role is changed."), "success")
    if identity is not None and user_id == identity.user_id and not role.can_administer:
        return redirect("/")
    return redirect("/settings/users")


routes = [
    Route("/settings/users", users, name="users"),
    Route("/settings/users/invite", invite, methods=["POST"], name="users_invite"),
    Route("/settings/users/{user_id:int}/role", change_role, methods=["POST"],
          name="users_role"),
]
