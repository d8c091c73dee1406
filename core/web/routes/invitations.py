"""The invitations a logged-in user received: accept (become a member) or decline.

An invitation only ever adds its own invitee: the invitation's user must be the one logged
in, whatever id the form names.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.i18n import _
from core.tenants.models import Invitation, Membership, Tenant, User
from core.web.identity import TENANT_KEY, Identity, facturo, identify
from core.web.pages import flash, login_redirect, public, redirect, render_public
from core.web.routes.users import ROLE_LABELS

log = logging.getLogger(__name__)


@public
async def invitations(request: Request) -> Response:
    """The user's pending invitations."""
    identity = identify(request)
    if identity is None:
        return login_redirect(request)
    with facturo(request).db.session() as session:
        rows = session.execute(
            select(Invitation.id, Invitation.role, Tenant.name)
            .join(Tenant, Tenant.id == Invitation.tenant_id)
            .where(Invitation.user_id == identity.user_id)
            .order_by(Invitation.created_at, Invitation.id)
        ).all()
    pending = [(row.id, row.name, _(ROLE_LABELS[row.role])) for row in rows]
    return render_public(request, "auth/invitations.html",
                         {"title": _("Invitations"), "invitations": pending})


def _answer(request: Request, accept: bool) -> Response:
    identity = identify(request)
    if identity is None:
        return login_redirect(request)
    app = facturo(request)
    with app.db.session() as session:
        invitation = session.scalars(
            select(Invitation).where(Invitation.id == request.path_params["invitation_id"],
                                     Invitation.user_id == identity.user_id)
        ).first()
        if invitation is None:
            raise HTTPException(404)
        tenant = session.get(Tenant, invitation.tenant_id)
        company = tenant.name if tenant else ""
        tenant_id = invitation.tenant_id
        if accept:
            _join(session, identity, invitation)
        session.delete(invitation)
    log.info("user %s %s the invitation of tenant %s", identity.user_id,
             "accepted" if accept else "declined", tenant_id)
    if not accept:
        flash(request, _("You declined the invitation of %(company)s.") % {"company": company},
              "success")
        return redirect("/invitations")
    request.session[TENANT_KEY] = tenant_id
    flash(request, _("You are now working in %(company)s.") % {"company": company}, "success")
    return redirect("/")


def _join(session: Session, identity: Identity, invitation: Invitation) -> None:
    exists = session.scalar(select(Membership.id).where(
        Membership.tenant_id == invitation.tenant_id, Membership.user_id == identity.user_id))
    if exists is None:
        session.add(Membership(tenant_id=invitation.tenant_id, user_id=identity.user_id,
                               role=invitation.role))
    session.execute(update(User).where(User.id == identity.user_id)
                    .values(last_tenant_id=invitation.tenant_id))


@public
async def accept(request: Request) -> Response:
    """Become a member of the inviting company, with the role it offered."""
    return _answer(request, accept=True)


@public
async def decline(request: Request) -> Response:
    """Say no: the invitation is gone and nothing changes."""
    return _answer(request, accept=False)


routes = [
    Route("/invitations", invitations, name="invitations"),
    Route("/invitations/{invitation_id:int}/accept", accept, methods=["POST"],
          name="invitation_accept"),
    Route("/invitations/{invitation_id:int}/decline", decline, methods=["POST"],
          name="invitation_decline"),
]
