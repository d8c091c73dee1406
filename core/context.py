"""The context every tenant hook and service receives: who, for which tenant, in what session."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import pluggy
from sqlalchemy.orm import Session

from core.addons.dispatch import call_hook, collect_fragments
from core.tenants.models import Role

if TYPE_CHECKING:
    from core.addons.activation import AddonManager
    from core.addons.catalogue import Catalogue
    from core.addons.dispatch import Dispatcher
    from core.addons.registry_file import Registry
    from core.config import Settings
    from core.db.engine import Database


class Kernel(Protocol):
    """The application as the layers below the composition root see it.

    `core.app.Facturo` is the one implementation; services, jobs and the web layer take a
    `Kernel`, so that nothing below the composition root imports it.
    """

    settings: Settings
    catalogue: Catalogue
    registry: Registry
    db: Database
    dispatcher: Dispatcher
    addon_manager: AddonManager

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
        """A context over an open session of the tenant."""
        ...

    def tenant_context(
        self,
        tenant_id: int,
        *,
        user_id: int | None = None,
        role: Role | None = None,
        language: str = "nl",
        write: bool = False,
        read_only: bool = False,
    ) -> AbstractContextManager[Context]:
        """A unit of work for one tenant: commits on success, rolls back on any error."""
        ...


@dataclass(eq=False)
class Context:
    """One unit of work for one tenant."""

    app: Kernel
    session: Session
    tenant_id: int
    active: frozenset[str]
    user_id: int | None = None
    role: Role | None = None
    language: str = "nl"
    broken: frozenset[str] = frozenset()  # on for the tenant, but the code does not load
    _hooks: pluggy.PluginManager | None = field(default=None, repr=False)

    @property
    def hooks(self) -> pluggy.PluginManager:
        """The plugin manager holding exactly this tenant's active addons."""
        if self._hooks is None:
            self._hooks = self.app.dispatcher.manager_for(self.active, self.broken)
        return self._hooks

    def call(self, hook: str, /, **kwargs: Any) -> Any:
        """Call a tenant hook on the active addons, passing this context as `ctx`."""
        return call_hook(self.hooks, hook, ctx=self, **kwargs)

    def fragments(self, hook: str, /, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a UI hook with isolation: (addon id, result) of each that answered."""
        return collect_fragments(self.hooks, hook, ctx=self, **kwargs)

    def is_active(self, addon_id: str) -> bool:
        """Whether an addon is on for this tenant."""
        return addon_id in self.active

    def addon_settings(self, addon_id: str) -> dict[str, Any]:
        """The tenant's settings of an addon (defaults where unset)."""
        return self.app.addon_manager.settings(self.session, addon_id)
