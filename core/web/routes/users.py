"""Settings → Users: the company's members, inviting by e-mail, roles, removal, signing out.

Inviting a new address creates the account and mails a link to choose a password. Inviting
someone who already has an account only records an invitation: they become a member when
they accept it (`core.web.routes.invitations`), never by another company's say-so. Both
mails are platform mail on the configured public URL.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import func, select
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.audit.service import record
from core.context import Context
from core.i18n import N_, _
from core.tenants.models import Invitation, Membership, Role, Tenant, User
from core.tenants.service import TenantError, add_member, create_user
from core.tenants.sessions import close_user_sessions
from core.web.confirm import Confirmation, confirm_page
from core.web.forms import Form, form_data
from core.web.identity import facturo, identify
from core.web.listing import ListQuery, paginate
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.passwords import (
    link_problem,
    mail_link,
    password_link,
    send_invitation,
    send_password_link,
)

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
    waiting = ctx.session.execute(
        select(Invitation.id, User.email, Invitation.role)
        .join(User, User.id == Invitation.user_id)
        .where(Invitation.tenant_id == ctx.tenant_id)
        .order_by(Invitation.created_at, Invitation.id)
    ).all()
    return render(
        request, ctx, "settings/users.html",
        {"title": _("Users"), "members": members, "form": form, "roles": grantable,
         "invitations": waiting,
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
    """Invite a person: a new account with a password link, or an existing user's invitation."""
    values = await form_data(request)
    form = Form({"email": values.get("email", "").strip().lower(),
                 "role": values.get("role", "")})
    role = _role(form.value("role"))
    assert ctx.role is not None
    if role is None or not _may_grant(ctx.role, role):
        form.add_error("role", _("Choose one of the roles."))
    if "@" not in form.value("email") or len(form.value("email")) > 254:
        form.add_error("email", _("Enter an e-mail address."))
    app = facturo(request)
    problem = link_problem(app)
    if problem is not None:
        form.add_error("email", problem)
    user = ctx.session.scalars(select(User).where(User.email == form.value("email"))).first()
    if user is not None and ctx.session.scalar(
        select(Membership.id).where(Membership.tenant_id == ctx.tenant_id,
                                    Membership.user_id == user.id)
    ):
        form.add_error("email", _("This person is already a member."))
    if not form.ok:
        return _page(request, ctx, form, 503 if problem is not None else 422)
    assert role is not None
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    assert tenant is not None
    if user is None:
        language = tenant.language if tenant.language in ("nl", "fr", "en") else "nl"
        try:
            user = create_user(app, form.value("email"), secrets.token_urlsafe(24),
                               language=language)
        except TenantError:
            form.add_error("email", _("Enter an e-mail address."))
            return _page(request, ctx, form, 422)
        add_member(app, ctx.tenant_id, user.id, role)
        # the services above committed on their own: the trace goes in a unit of work after
        with app.tenant_context(ctx.tenant_id, user_id=ctx.user_id) as own:
            record(own, "user.invited", "user", user.id, {"role": role.value, "new": True})
        task = BackgroundTask(send_password_link, app, user.email, user.language,
                              password_link(app, user))
        flash(request, _("%(email)s is now a member with the role %(role)s.")
              % {"email": user.email, "role": _(ROLE_LABELS[role])}, "success")
    else:
        invitation = ctx.session.scalars(
            select(Invitation).where(Invitation.tenant_id == ctx.tenant_id,
                                     Invitation.user_id == user.id)
        ).first()
        if invitation is None:
            invitation = Invitation(tenant_id=ctx.tenant_id, user_id=user.id, role=role)
            ctx.session.add(invitation)
        invitation.role = role
        invitation.invited_by = ctx.user_id
        record(ctx, "user.invited", "user", user.id, {"role": role.value, "new": False})
        task = BackgroundTask(send_invitation, app, user.email, user.language, tenant.name,
                              mail_link(app, "/invitations"))
        flash(request, _("%(email)s is invited. They become a member once they accept.")
              % {"email": user.email}, "success")
    response = redirect("/settings/users")
    response.background = task
    return response


def _membership_or_404(ctx: Context, user_id: int) -> Membership:
    membership = ctx.session.scalars(
        select(Membership).where(Membership.tenant_id == ctx.tenant_id,
                                 Membership.user_id == user_id)
    ).first()
    if membership is None:
        raise HTTPException(404)
    return membership


@page(admin=True)
async def remove(request: Request, ctx: Context) -> Response:
    """Take a member out of the company (asked first); every session of theirs ends."""
    user_id = request.path_params["user_id"]
    membership = _membership_or_404(ctx, user_id)
    assert ctx.role is not None
    if request.method == "GET":
        email = ctx.session.scalar(select(User.email).where(User.id == user_id)) or ""
        return confirm_page(request, ctx, Confirmation(
            title=_("Remove a member"),
            message=_("Remove %(email)s from the company?") % {"email": email},
            action=f"/settings/users/{user_id}/remove",
            confirm_label=_("Remove"),
            cancel_url="/settings/users",
            notes=(_("They are signed out everywhere. Their documents and history stay."),),
            danger=True,
        ))
    if not _may_grant(ctx.role, membership.role):
        flash(request, _("You cannot give or take away this role."), "error")
        return redirect("/settings/users")
    if membership.role is Role.OWNER and _owners(ctx) <= 1:
        flash(request, _("A company needs at least one owner."), "error")
        return redirect("/settings/users")
    ctx.session.delete(membership)
    close_user_sessions(ctx.session, user_id)
    record(ctx, "user.removed", "user", user_id, {"role": membership.role.value})
    log.info("user %s removed from tenant %s by user %s", user_id, ctx.tenant_id, ctx.user_id)
    flash(request, _("The member is removed from the company."), "success")
    return redirect("/login" if user_id == ctx.user_id else "/settings/users")


@page(admin=True)
async def sign_out(request: Request, ctx: Context) -> Response:
    """End every session of a member, on every device ("sign out everywhere")."""
    user_id = request.path_params["user_id"]
    _membership_or_404(ctx, user_id)
    ended = close_user_sessions(ctx.session, user_id)
    record(ctx, "user.signed_out", "user", user_id, {"sessions": ended})
    log.info("sessions of user %s ended by user %s of tenant %s", user_id, ctx.user_id,
             ctx.tenant_id)
    flash(request, _("The member is signed out everywhere."), "success")
    return redirect("/login" if user_id == ctx.user_id else "/settings/users")


@page(admin=True)
async def withdraw(request: Request, ctx: Context) -> Response:
    """Take back an invitation that was not answered yet."""
    invitation = ctx.session.scalars(
        select(Invitation).where(Invitation.id == request.path_params["invitation_id"],
                                 Invitation.tenant_id == ctx.tenant_id)
    ).first()
    if invitation is None:
        raise HTTPException(404)
    ctx.session.delete(invitation)
    record(ctx, "user.invitation_withdrawn", "user", invitation.user_id)
    flash(request, _("The invitation is withdrawn."), "success")
    return redirect("/settings/users")


@page(admin=True)
async def change_role(request: Request, ctx: Context) -> Response:
    """Change a member's role; a company always keeps an owner."""
    user_id = request.path_params["user_id"]
    membership = _membership_or_404(ctx, user_id)
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
    Route("/settings/users/{user_id:int}/remove", remove, methods=["GET", "POST"],
          name="users_remove"),
    Route("/settings/users/{user_id:int}/sign-out", sign_out, methods=["POST"],
          name="users_sign_out"),
    Route("/settings/users/invitations/{invitation_id:int}/withdraw", withdraw,
          methods=["POST"], name="users_invitation_withdraw"),
]
