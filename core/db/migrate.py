"""Alembic, driven from Facturo: the core branch plus one branch per installed addon.

Every installed addon's migrations run, whether or not a tenant uses it; activation never
creates or drops tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, make_url

from core.db import rls
from core.db.base import Base, is_migration_only
from core.paths import MIGRATIONS_DIR

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue
    from core.db.engine import Database


class Deployment(Protocol):
    """What migrations need of the application (`core.app.Facturo` is one): its database
    and its installed addons."""

    db: Database
    catalogue: Catalogue

CORE_BRANCH = "core"


def addon_version_dirs(app: Deployment) -> dict[str, Path]:
    """The migration folder of every installed addon that has one."""
    dirs: dict[str, Path] = {}
    for addon_id in app.catalogue.order:
        folder = app.catalogue.addons[addon_id].folder("migrations")
        if folder is not None:
            dirs[addon_id] = folder
    return dirs


def alembic_config(app: Deployment, **attributes: Any) -> Config:
    """An Alembic configuration over the core and every addon's version folder."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    locations = [str(MIGRATIONS_DIR / "versions"), *map(str, addon_version_dirs(app).values())]
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    cfg.set_main_option("sqlalchemy.url", app.db.url.replace("%", "%%"))
    cfg.attributes["app"] = app
    cfg.attributes.update(attributes)
    return cfg


def upgrade(app: Deployment, target: str = "heads") -> list[str]:
    """Apply every pending migration of core and addons, then the row-level security and
    the application role's privileges; as the role that owns the tables.

    On SQLite the foreign keys are off while migrating (a table rebuild would otherwise
    cascade the old table's drop to its children) and checked before the commit.
    """
    with app.db.owner_engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside a transaction, where SQLite takes the setting
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(app, connection=connection), target)
                if sqlite:
                    _check_foreign_keys(connection)
                applied = rls.apply_policies(connection)
                app_role = make_url(app.db.url).username
                if app_role and app_role != make_url(app.db.owner_url).username:
                    rls.grant_application_role(connection, app_role)
                return applied
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")


def current_heads(app: Deployment) -> set[str]:
    """The revisions the database is at."""
    with app.db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def pending(app: Deployment) -> set[str]:
    """Head revisions not yet applied.

    A head another branch `depends_on` (e.g. `products_0001` under `deposits_0001`) leaves
    the version table once its dependent is applied, so it counts as applied when it is an
    ancestor of the database's heads.
    """
    script = ScriptDirectory.from_config(alembic_config(app))
    current = tuple(current_heads(app))
    if not current:
        return set(script.get_heads())
    applied = {rev.revision for rev in script.iterate_revisions(current, "base")}
    return set(script.get_heads()) - applied


def schema_differences(app: Deployment) -> list[Any]:
    """Differences between the migrated database and the models (empty when in step)."""
    with app.db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _not_alembic}
        )
        return compare_metadata(context, Base.metadata)


def _not_alembic(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
    if is_migration_only(type_, name):  # e.g. the contact search index, not in the models
        return False
    return not (type_ == "table" and name == "alembic_version")


def make_revision(app: Deployment, message: str, addon_id: str | None = None) -> Any:
    """Autogenerate a revision for core or for one addon's tables only."""
    cfg = alembic_config(app, only_addon=addon_id or CORE_BRANCH)
    script = ScriptDirectory.from_config(cfg)
    branch = addon_id or CORE_BRANCH
    has_branch = any(branch in (rev.branch_labels or ()) for rev in script.walk_revisions())
    rev_id = next_revision_id(script, addon_id) if addon_id else None
    if has_branch:
        return command.revision(cfg, message, autogenerate=True, head=f"{branch}@head",
                                rev_id=rev_id)
    version_path = (
        addon_version_dirs(app).get(addon_id) if addon_id else MIGRATIONS_DIR / "versions"
    )
    if version_path is None:
        folder = app.catalogue.get(addon_id).source.folder / "migrations"
        folder.mkdir(exist_ok=True)
        version_path = folder
        cfg = alembic_config(app, only_addon=branch)
        locations = cfg.get_main_option("version_locations") + f" {folder}"
        cfg.set_main_option("version_locations", locations)
    core_head = next(
        (r.revision for r in script.get_revisions("heads") if CORE_BRANCH in _labels(script, r)),
        None,
    )
    return command.revision(
        cfg,
        message,
        autogenerate=True,
        head="base",
        branch_label=branch,
        version_path=str(version_path),
        depends_on=core_head if addon_id else None,
        rev_id=rev_id,
    )


def next_revision_id(script: ScriptDirectory, addon_id: str) -> str:
    """The id of an addon's next revision, `<addon id>_<NNNN>` (the file starts with it)."""
    prefix = f"{addon_id}_"
    numbers = [int(rev.revision[len(prefix):]) for rev in script.walk_revisions()
               if rev.revision.startswith(prefix) and rev.revision[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _labels(script: ScriptDirectory, revision: Any) -> set[str]:
    labels: set[str] = set()
    for rev in script.iterate_revisions(revision.revision, "base"):
        labels.update(rev.branch_labels or ())
    return labels
