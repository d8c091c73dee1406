"""Addon routes: mounted once under `/apps/<addon id>/`, behind one activation gate.

The gate answers 404 for a tenant where the addon is off (as if the page did not exist) and
sends anonymous visitors to the login page. Inside, addon handlers use `core.web.pages.page`
like core pages do, and get the tenant context from it. Two kinds of route pass the gate
without a login, each checking its caller itself: a page reached through a signed link
(`core.web.pages.public`; it opens its tenant's unit of work with `public_tenant_context`,
which answers 404 where the addon is off) and a webhook an outside service calls
(`core.web.pages.webhook`; it checks a signature and answers 403 to anything else).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.routing import BaseRoute, Match, Mount, Router
from starlette.types import Receive, Scope, Send

from core.addons.dispatch import per_addon
from core.i18n import use_language
from core.web.errors import error_page
from core.web.identity import facturo, identify
from core.web.pages import PUBLIC_ATTR, login_redirect

if TYPE_CHECKING:
    from core.context import Kernel

APPS_PREFIX = "/apps"


class AddonGate:
    """Lets a request through to an addon's routes only where the addon is active."""

    def __init__(self, addon_id: str, app: Router) -> None:
        self.addon_id = addon_id
        self.app = app

    @property
    def routes(self) -> list[BaseRoute]:
        """The addon's routes (so that URL lookups and route listings see them)."""
        return self.app.routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._public(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        identity = identify(request)
        if identity is None:
            response = login_redirect(request)
        elif identity.tenant_id is None or not self._active(request, identity.tenant_id):
            with use_language(identity.language):
                response = await error_page(request, 404)
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

    def _public(self, scope: Scope) -> bool:
        for route in self.app.routes:
            match, _child = route.matches(scope)
            if match == Match.FULL:
                return bool(getattr(getattr(route, "endpoint", None), PUBLIC_ATTR, False))
        return False

    def _active(self, request: Request, tenant_id: int) -> bool:
        app = facturo(request)
        with app.db.session(tenant_id, read_only=True) as session:
            active = app.addon_manager.active_set(session)
        request.state.active = active
        return self.addon_id in active


def addon_mounts(app: Kernel) -> list[BaseRoute]:
    """One gated mount per installed addon that brings routes."""
    mounts: list[BaseRoute] = []
    for addon_id, routes in per_addon(app.catalogue.manager, "facturo_routes"):
        router = Router(routes=list(routes))
        mounts.append(Mount(f"{APPS_PREFIX}/{addon_id}", app=AddonGate(addon_id, router)))
    return mounts
