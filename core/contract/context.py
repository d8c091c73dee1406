"""`HookContext`: what a tenant hook may use of the `ctx` it receives."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session


class HookContext(Protocol):
    """One unit of work for one tenant, as a hook sees it.

    Read and write only through `session` (every query names `tenant_id`); call other
    addons' hooks with `call`; read your settings with `addon_settings`.
    """

    session: Session
    tenant_id: int
    user_id: int | None
    language: str
    active: frozenset[str]

    def call(self, hook: str, /, **kwargs: Any) -> Any:
        """Call a tenant hook on the tenant's active addons; a list of their answers."""
        ...

    def is_active(self, addon_id: str) -> bool:
        """Whether an addon is on for this tenant."""
        ...

    def addon_settings(self, addon_id: str) -> dict[str, Any]:
        """The tenant's settings of an addon (defaults where unset)."""
        ...
