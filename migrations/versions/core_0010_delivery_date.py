"""delivery date: when a document's goods or services were supplied (a date or a period), and
the country they went to when not the customer's

Three nullable columns on `documents`; posted documents keep them frozen like the rest of
their content, so the freezing triggers of core_0004 are made again with the columns added.

Revision ID: core_0010_delivery_date
Revises: core_0009
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "core_0010_delivery_date"
down_revision: str | Sequence[str] | None = "core_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {"delivery_date": sa.Date(), "delivery_end": sa.Date(), "delivery_country": sa.String(2)}


def _documents_revision() -> ModuleType:
    """The revision that wrote the freezing triggers, loaded afresh (its column list is
    extended on this copy only)."""
    path = Path(__file__).with_name("core_0004_documents.py")
    spec = importlib.util.spec_from_file_location("core_0004_triggers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _remake_triggers(extra: tuple[str, ...]) -> None:
    triggers = _documents_revision()
    triggers.FROZEN_DOCUMENT_COLUMNS = (*triggers.FROZEN_DOCUMENT_COLUMNS, *extra)
    triggers._drop_triggers()
    triggers._create_triggers()


def upgrade() -> None:
    for name, type_ in COLUMNS.items():
        op.add_column("documents", sa.Column(name, type_, nullable=True))
    _remake_triggers(tuple(COLUMNS))


def downgrade() -> None:
    _documents_revision()._drop_triggers()
    with op.batch_alter_table("documents", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.drop_column(name)
    _remake_triggers(())
