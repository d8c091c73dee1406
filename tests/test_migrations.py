"""Migrations: upgrading an empty database gives exactly the models, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.db.migrate import pending, schema_differences
from core.db.rls import tenant_tables


def test_migrated_schema_matches_the_models(facturo_app):
    assert pending(facturo_app) == set()
    assert schema_differences(facturo_app) == []


@pytest.mark.postgres_only
def test_every_tenant_table_has_forced_row_level_security(facturo_app):
    expected = {table.name for table in tenant_tables()}
    with facturo_app.db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity"
        )).scalars()
        assert expected <= set(rows)
        assert "greetings_messages" in expected
