"""`build_web_app`: the Starlette application of a Facturo deployment.

Middleware, outermost first: the proxy headers of configured proxies only
(`FACTURO_TRUSTED_PROXIES`: their X-Forwarded-For and X-Forwarded-Proto give the client's
address and scheme; from any other peer they are ignored), security headers on every response
(HSTS with `FACTURO_HSTS`), the signed session cookie (HttpOnly, SameSite=Lax; also `Secure`
when `FACTURO_SECURE_COOKIES=1`, behind HTTPS; it names a server-side session, see
`core.web.identity`), the cap on every request body (`BodyLimitMiddleware`, before anything
parses one), then the CSRF check of every state-changing request. Handlers are async and call
the synchronous service layer directly: short database work on the event loop beats a thread
hand-off.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from core.paths import STATIC_DIR
from core.web.addon_routes import addon_mounts
from core.web.body_limit import BodyLimitMiddleware
from core.web.errors import error_page, http_exception, server_error
from core.web.menu import MenuCache
from core.web.pages import public
from core.web.routes import route_modules
from core.web.security import CSRFMiddleware, SecurityHeadersMiddleware
from core.web.templating import Templates
from core.web.throttle import LoginLimits

if TYPE_CHECKING:
    from core.context import Kernel

SESSION_COOKIE = "facturo_session"


@public
async def health(request: Request) -> Response:
    """Liveness probe for the operator."""
    return PlainTextResponse("ok")


def build_routes(app: Kernel) -> tuple[list[BaseRoute], list]:
    """Core routes, addon mounts and static files; plus the core menu sources."""
    routes: list[BaseRoute] = [Route("/healthz", health, name="health")]
    menu_sources = []
    for module in route_modules():
        routes.extend(module.routes)
        if hasattr(module, "menu"):
            menu_sources.append(module.menu)
    routes.extend(addon_mounts(app))
    routes.append(Mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False),
                        name="static"))
    return routes, menu_sources


def build_web_app(app: Kernel) -> Starlette:
    """The ASGI application serving every tenant of the deployment."""
    routes, menu_sources = build_routes(app)
    settings = app.settings
    proxies = ([Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))]
               if settings.trusted_proxies else [])
    web = Starlette(
        debug=settings.debug,
        routes=routes,
        middleware=[
            *proxies,
            Middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds),
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=settings.session_lifetime_seconds,
                same_site="lax",
                https_only=os.environ.get("FACTURO_SECURE_COOKIES") == "1",
            ),
            Middleware(BodyLimitMiddleware, on_refusal=error_page),
            Middleware(CSRFMiddleware, on_refusal=error_page),
        ],
        exception_handlers={HTTPException: http_exception, Exception: server_error},
    )
    web.state.facturo = app
    web.state.templates = Templates(app)
    web.state.menu_sources = menu_sources
    web.state.menus = MenuCache(menu_sources)
    web.state.login_limits = LoginLimits()
    web.state.reset_limits = LoginLimits()
    return web


def ready_to_serve(web: Starlette) -> Starlette:
    """Take everything built so far out of the garbage collector's way, before serving.

    A started process holds about a hundred thousand long-lived objects (the ORM's mappings,
    Babel's locale data, the addon catalogue, route tables). A full collection walks them all,
    about 60 ms here: a latency spike for whichever request sets it off. Frozen, they are
    skipped, and a full collection walks only what was made since (a few ms). Call it once,
    in the serving process (after a fork, in each worker), not in tests.
    """
    gc.collect()
    gc.freeze()
    return web
