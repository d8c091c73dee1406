"""Alembic environment: Facturo's one metadata, core and addon branches."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import pool

import core.models  # noqa: F401  (every core table and migration-only object)
from core.db.base import Base, is_migration_only
from core.db.engine import make_engine

config = context.config
app = config.attributes["app"]
only_addon: str | None = config.attributes.get("only_addon")


def owner_of(table_name: str) -> str:
    """The addon whose tables start with its id and an underscore, or core."""
    for addon_id in sorted(app.catalogue.order, key=len, reverse=True):
        if table_name.startswith(f"{addon_id}_"):
            return addon_id
    return "core"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, _compare: Any) -> bool:
    if type_ == "table" and name == "alembic_version":
        return False
    if is_migration_only(type_, name):  # the contact search index, not in the models
        return False
    if only_addon is None:
        return True
    table = obj if type_ == "table" else getattr(obj, "table", None)
    table_name = name if type_ == "table" else getattr(table, "name", None)
    return table_name is None or owner_of(table_name) == only_addon


def run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.begin() as conn:
        run(conn)
