"""The context every tenant hook and service receives: who, for which tenant, in what session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy
from sqlalchemy.orm import Session

from core.addons.dispatch import call_hook, collect_fragments
from core.tenants.models import Role

if TYPE_CHECKING:
    from core.app import Facturo


@dataclass(eq=False)
class Context:
    """One unit of work for one tenant."""

    app: Facturo
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
