"""Switching addons on and off per tenant.

Switching on resolves dependencies (they go on first, in order) and brings in auto_install
glue addons whose dependencies are all on. Switching off is refused while an active addon
depends on the one going off, unless cascading was confirmed; glue addons follow by
themselves. No table is created or dropped: data stays, and comes back when switched on
again. Lifecycle hooks run after the change committed, exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session

from core.addons.catalogue import Catalogue
from core.addons.dispatch import call_hook, call_own
from core.addons.errors import AddonError, DependentsActive, NotOffered, SettingsError
from core.addons.registry_file import Registry
from core.addons.settings import typed_settings, validate_settings
from core.addons.state import TenantAddon
from core.db.base import Base
from core.db.tenancy import ALL_TENANTS_KEY, session_tenant, tenant_param, tenant_rows

if TYPE_CHECKING:
    from core.db.engine import Database


class Host(Protocol):
    """What activation needs of the application (`core.app.Facturo` is one)."""

    db: Database
    registry: Registry
    catalogue: Catalogue

    def make_context(self, session: Session, tenant_id: int, active: frozenset[str]) -> Any:
        """The tenant's context (a `core.context.Context`) over an open session."""
        ...


@dataclass(frozen=True)
class Change:
    """What a switch would do: addons going on or off, in the order they would."""

    addon_id: str
    switch_on: tuple[str, ...] = ()
    switch_off: tuple[str, ...] = ()
    needs_confirmation: tuple[str, ...] = ()  # active dependents that would go off too


def plan_on(
    catalogue: Catalogue, registry: Registry, active: frozenset[str], addon_id: str
) -> Change:
    """What switching an addon on would switch on, dependencies and glue included."""
    wanted = [*catalogue.dependencies(addon_id), addon_id]
    for needed in wanted:
        catalogue.get(needed)
        if not registry.is_offered(needed):
            raise NotOffered(needed, "is not offered by this deployment")
    result = set(active) | set(wanted)
    added = True
    while added:
        added = False
        for glue_id in catalogue.order:
            manifest = catalogue.addons[glue_id].manifest
            if (
                manifest.auto_install
                and glue_id not in result
                and registry.is_offered(glue_id)
                and all(dep in result for dep in manifest.depends)
            ):
                result.add(glue_id)
                added = True
    return Change(addon_id, switch_on=tuple(catalogue.sorted_ids(result - active)))


def plan_off(catalogue: Catalogue, active: frozenset[str], addon_id: str) -> Change:
    """What switching an addon off would switch off, and which dependents need confirming."""
    dependents = catalogue.dependents(addon_id, active)
    manual = [d for d in dependents if not catalogue.addons[d].manifest.auto_install]
    going = {addon_id, *dependents}
    remaining = active - going
    for glue_id in catalogue.sorted_ids(remaining):
        manifest = catalogue.addons[glue_id].manifest
        if manifest.auto_install and not all(dep in remaining for dep in manifest.depends):
            going.add(glue_id)
    order = list(reversed(catalogue.sorted_ids(going & active)))
    return Change(addon_id, switch_off=tuple(order), needs_confirmation=tuple(manual))


_ADDONS = TenantAddon.__table__
_STORED_SETTINGS = "facturo.addon_settings_stored"


@orm_event.listens_for(Session, "after_transaction_end")
def _forget_settings_read(session: Session, transaction: Any) -> None:
    """Settings read in a transaction are read again in the next one."""
    if transaction.parent is None:
        session.info.pop(_STORED_SETTINGS, None)


# one indexed read (the unique index leads with tenant_id), compiled once and cached; the
# settings of the active addons come with it, so that a hook reading them costs no query
_ACTIVE_IDS = select(_ADDONS.c.addon_id, _ADDONS.c.settings).where(
    _ADDONS.c.tenant_id == tenant_param(), _ADDONS.c.active
)


class AddonManager:
    """Per-tenant activation, settings and purging of addons."""

    def __init__(self, app: Host) -> None:
        self.app = app

    @property
    def catalogue(self) -> Catalogue:
        return self.app.catalogue

    # --- reading -----------------------------------------------------------------------------

    def active_set(self, session: Session) -> frozenset[str]:
        """The installed addons that are on for the session's tenant.

        Read from the database in the session's own transaction every time, never from a
        cache: a switch made by this process or any other is seen by the next unit of work.
        """
        return self.tenant_addons(session)[0]

    def tenant_addons(self, session: Session) -> tuple[frozenset[str], frozenset[str]]:
        """The addons on for the session's tenant: those loaded, and those broken.

        A broken one (installed, but its code or manifest does not load) stays on: the
        tenant's business hooks then fail closed naming it (`core.addons.dispatch.stand_in`).
        """
        tenant_id = session_tenant(session)
        if tenant_id is None or session.info.get(ALL_TENANTS_KEY):
            # not one tenant's session: the tenancy guard decides (raises, or all tenants)
            rows = session.scalars(select(TenantAddon.addon_id).where(TenantAddon.active))
        else:  # switches pending in this session count: tenant_rows flushes first
            stored = {row[0]: row[1] for row in tenant_rows(session, _ACTIVE_IDS)}
            session.info[_STORED_SETTINGS] = stored
            rows = list(stored)
        addons = self.catalogue.addons
        broken = self.catalogue.broken
        ids = list(rows)
        return (
            frozenset(addon_id for addon_id in ids if addon_id in addons),
            frozenset(addon_id for addon_id in ids if addon_id in broken),
        )

    def broken_set(self, session: Session) -> frozenset[str]:
        """The broken addons on for the session's tenant (no read when none is broken)."""
        if not self.catalogue.errors:
            return frozenset()
        return self.tenant_addons(session)[1]

    def settings(self, session: Session, addon_id: str) -> dict[str, Any]:
        """An addon's settings for the session's tenant, defaults filled in, as the types
        its manifest declares. Read once per transaction (hooks ask for them on every
        posting); a change made through this manager is seen at once."""
        stored = session.info.setdefault(_STORED_SETTINGS, {})
        if addon_id not in stored:
            row = self._row(session, addon_id)
            stored[addon_id] = row.settings if row else {}
        manifest = self.catalogue.get(addon_id).manifest
        return typed_settings(manifest, stored[addon_id] or {})

    def _row(self, session: Session, addon_id: str) -> TenantAddon | None:
        return session.scalars(
            select(TenantAddon).where(TenantAddon.addon_id == addon_id)
        ).one_or_none()

    # --- switching ---------------------------------------------------------------------------

    def switch_on(
        self, tenant_id: int, addon_id: str, settings: dict[str, Any] | None = None
    ) -> Change:
        """Switch an addon on (with its dependencies and glue) and run its activation hooks."""
        with self.app.db.session(tenant_id) as session:
            active = self.active_set(session)
            change = plan_on(self.catalogue, self.app.registry, active, addon_id)
            for on_id in change.switch_on:
                given = settings if on_id == addon_id else None
                self._set_active(session, tenant_id, on_id, True, given, active)
        self.run_pending(tenant_id)
        return change

    def switch_off(self, tenant_id: int, addon_id: str, *, cascade: bool = False) -> Change:
        """Switch an addon off; refused while active addons need it unless `cascade`."""
        with self.app.db.session(tenant_id) as session:
            active, broken = self.tenant_addons(session)
            if addon_id in broken:  # its code does not load: no plan, no hook, just off
                row = self._row(session, addon_id)
                assert row is not None
                row.active, row.pending_event = False, None
                return Change(addon_id, switch_off=(addon_id,))
            if addon_id not in active:
                return Change(addon_id)
            change = plan_off(self.catalogue, active, addon_id)
            if change.needs_confirmation and not cascade:
                raise DependentsActive(addon_id, list(change.needs_confirmation))
            for off_id in change.switch_off:
                self._set_active(session, tenant_id, off_id, False, None, active)
        self.run_pending(tenant_id)
        return change

    def configure(self, tenant_id: int, addon_id: str, given: dict[str, Any]) -> dict[str, Any]:
        """Change an addon's settings for a tenant after validating them."""
        with self.app.db.session(tenant_id) as session:
            row = self._row(session, addon_id)
            if row is None:
                raise AddonError(addon_id, "is not switched on for this tenant")
            row.settings = self._validated(session, tenant_id, addon_id, given, row.settings)
            session.info.pop(_STORED_SETTINGS, None)
            return dict(row.settings)

    def _validated(
        self,
        session: Session,
        tenant_id: int,
        addon_id: str,
        given: dict[str, Any],
        current: dict[str, Any] | None,
    ) -> dict[str, Any]:
        manifest = self.catalogue.get(addon_id).manifest
        merged = validate_settings(manifest, given, current)
        active = self.active_set(session) | {addon_id}
        ctx = self.app.make_context(session, tenant_id, active)
        problems: dict[str, str] = {}
        for answer in call_hook(
            ctx.hooks, "addon_settings_validate", ctx=ctx, addon_id=addon_id,
            settings=typed_settings(manifest, merged),
        ):
            problems.update(answer or {})
        if problems:
            raise SettingsError(addon_id, problems)
        return merged

    def _set_active(
        self,
        session: Session,
        tenant_id: int,
        addon_id: str,
        on: bool,
        given: dict[str, Any] | None,
        active: frozenset[str],
    ) -> None:
        row = self._row(session, addon_id)
        if row is None:
            row = TenantAddon(addon_id=addon_id, active=on, settings={})
            session.add(row)
        if on and (given is not None or not row.settings):
            row.settings = self._validated(session, tenant_id, addon_id, given or {}, row.settings)
        row.active = on
        row.pending_event = "activated" if on else "deactivated"
        session.info.pop(_STORED_SETTINGS, None)
        session.flush()

    def run_pending(self, tenant_id: int) -> list[tuple[str, str]]:
        """Run lifecycle hooks of committed switches, each in its own transaction, once."""
        done: list[tuple[str, str]] = []
        with self.app.db.session(tenant_id) as session:
            pending = session.execute(
                select(TenantAddon.addon_id, TenantAddon.pending_event)
                .where(TenantAddon.pending_event.is_not(None))
                .order_by(TenantAddon.id)
            ).all()
        for addon_id, event in pending:
            with self.app.db.session(tenant_id) as session:
                row = self._row(session, addon_id)
                if row is None or row.pending_event != event:
                    continue  # another worker ran it
                row.pending_event = None
                session.flush()
                if addon_id in self.catalogue:
                    ctx = self.app.make_context(session, tenant_id, self.active_set(session))
                    hook = "addon_activated" if event == "activated" else "addon_deactivated"
                    call_own(self.catalogue.manager, addon_id, hook, ctx=ctx)
            done.append((addon_id, event))
        return done

    # --- purging -----------------------------------------------------------------------------

    def addon_tables(self, addon_id: str) -> list[Any]:
        """The tenant-owned tables of an addon, children first."""
        prefix = self.catalogue.table_prefix(addon_id)
        tables = [t for t in Base.metadata.sorted_tables if t.name.startswith(prefix)]
        return [t for t in reversed(tables) if "tenant_id" in t.c]

    def purge_report(self, tenant_id: int, addon_id: str) -> dict[str, int]:
        """How many rows of each of the addon's tables purging would delete for the tenant."""
        self.catalogue.get(addon_id)
        report: dict[str, int] = {}
        with self.app.db.session(tenant_id) as session:
            for table in self.addon_tables(addon_id):
                count = session.scalar(
                    select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
                )
                report[table.name] = int(count or 0)
        return report

    def purge(self, tenant_id: int, addon_id: str) -> dict[str, int]:
        """Delete the addon's data and settings for a tenant; the addon must be off."""
        report = self.purge_report(tenant_id, addon_id)
        with self.app.db.session(tenant_id) as session:
            if addon_id in self.active_set(session):
                raise AddonError(addon_id, "switch it off before purging its data")
            for table in self.addon_tables(addon_id):
                session.execute(delete(table).where(table.c.tenant_id == tenant_id))
            session.execute(delete(TenantAddon).where(TenantAddon.addon_id == addon_id))
        return report

