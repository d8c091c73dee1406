"""The Facturo application object: settings, database, addon catalogue and dispatch.

This is the composition root: it assembles the kernel, the addon runtime and the web layer,
and nothing below it imports it (they take a `core.context.Kernel`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy.orm import Session
from starlette.applications import Starlette

import core.models  # noqa: F401  (every core table in the metadata)
from core.addons.activation import AddonManager
from core.addons.catalogue import Catalogue
from core.addons.dispatch import Dispatcher
from core.addons.registry_file import Registry, load_registry
from core.config import Settings
from core.context import Context
from core.db.engine import Database
from core.i18n import register_domain
from core.tenants.models import Role
from core.web.application import build_web_app


class Facturo:
    """One deployment: everything a request, a command or a job needs to reach."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        catalogue: Catalogue | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.catalogue = catalogue if catalogue is not None else Catalogue.load()
        self.registry = registry or load_registry(self.settings.registry_file)
        self.db = Database(self.settings.database_url,
                           owner_url=self.settings.owner_database_url)
        self.dispatcher = Dispatcher(self.catalogue)
        self.addon_manager = AddonManager(self)
        for addon in self.catalogue.addons.values():
            folder = addon.folder("i18n")
            if folder is not None:
                register_domain(addon.id, folder)

    def make_context(
        self,
        session: Session,
        tenant_id: int,
        active: frozenset[str] | None = None,
        *,
        user_id: int | None = None,
        role: Role | None = None,
        language: str = "nl",
        broken: frozenset[str] | None = None,
    ) -> Context:
        """A context over an open session of the tenant (its addons read when not given)."""
        if active is None:
            active, found = self.addon_manager.tenant_addons(session)
            broken = found if broken is None else broken
        elif broken is None:
            broken = self.addon_manager.broken_set(session)
        return Context(self, session, tenant_id, active, user_id, role, language, broken)

    @contextmanager
    def tenant_context(
        self,
        tenant_id: int,
        *,
        user_id: int | None = None,
        role: Role | None = None,
        language: str = "nl",
        write: bool = False,
        read_only: bool = False,
    ) -> Iterator[Context]:
        """A unit of work for one tenant: commits on success, rolls back on any error.

        Every unit of work may write: on SQLite it begins with the write lock
        (`BEGIN IMMEDIATE`, see `Database.new_session`), so that one that reads before it
        writes waits for other writers instead of failing. `write=True` also queues it
        behind the other writers of this process first (posting, numbering);
        `read_only=True` is for units of work that only read: they never wait.
        """
        with self.db.session(tenant_id, read_only=read_only) as session:
            if write:
                self.db.write_lock(session)
            yield self.make_context(
                session, tenant_id, user_id=user_id, role=role, language=language
            )

    @cached_property
    def web(self) -> Starlette:
        """The ASGI application (built on first use)."""
        return build_web_app(self)
