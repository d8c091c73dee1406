"""Migrations: upgrading an empty database gives exactly the models, on both engines."""

from __future__ import annotations

import dataclasses

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


def post_and_store(app) -> tuple[dict[str, list[int]], object]:
    """A tenant with a posted invoice (and its stored PDF) and a draft: every row's id per
    table, and the draft (the newest document)."""
    from datetime import date

    from core.contacts.models import Contact
    from core.documents.lines import LineData
    from core.documents.posting import post_document
    from core.documents.service import create_document
    from core.output.stored import store_pdf
    from core.tenants.service import create_tenant

    with app.db.session() as session:
        known = session.execute(text("SELECT count(*) FROM tenants")).scalar_one()
    tenant = create_tenant(app, f"Tenant {known + 1}")
    lines = [LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6)]
    with app.tenant_context(tenant.id, write=True) as ctx:
        customer = Contact(number="C1", name="Klant", country="BE", language="nl")
        ctx.session.add(customer)
        ctx.session.flush()
        doc = create_document(ctx, "invoice", customer.id, issue_date=date(2026, 3, 2),
                              lines=lines)
        store_pdf(ctx, post_document(ctx, doc))
        draft = create_document(ctx, "invoice", customer.id, lines=lines)
    with app.db.engine.connect() as conn:
        ids = {t: conn.execute(text(f"SELECT id FROM {t} ORDER BY id")).scalars().all()
               for t in ("documents", "document_lines", "document_files")}
    return ids, draft


@pytest.mark.sqlite_only
def test_the_autoincrement_rebuild_keeps_rows_ids_and_triggers(facturo_settings, tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    from core.addons.catalogue import Catalogue
    from core.addons.registry_file import Registry
    from core.app import Facturo
    from core.db.migrate import alembic_config, upgrade

    settings = dataclasses.replace(facturo_settings,
                                   database_url=f"sqlite:///{tmp_path / 'old.db'}")
    app = Facturo(settings, catalogue=Catalogue.load([]),
                  registry=Registry(offered=None, bundles={}, default_bundle=None))
    try:
        with app.db.owner_engine.begin() as connection:
            config = alembic_config(app, connection=connection)
            before = ScriptDirectory.from_config(config).get_revision("core_0010_dbwall")
            command.upgrade(config, before.down_revision)  # the schema the rebuild starts from
        kept, draft = post_and_store(app)
        upgrade(app)
        with app.db.engine.connect() as conn:
            rows = {t: conn.execute(text(f"SELECT id FROM {t} ORDER BY id")).scalars().all()
                    for t in kept}
            triggers = set(conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert rows == kept
        assert {"documents_frozen", "documents_kept", "document_lines_frozen_delete",
                "document_files_stored", "document_files_kept"} <= triggers
        with app.db.session(draft.tenant_id) as session:
            session.execute(text("DELETE FROM documents WHERE id = :id"), {"id": draft.id})
        with app.db.engine.connect() as conn:
            left = {t: set(conn.execute(text(f"SELECT id FROM {t}")).scalars()) for t in kept}
        assert draft.id not in left["documents"]
        again, _draft = post_and_store(app)
        for table, ids in again.items():  # a deleted draft's ids are not given again
            assert min(set(ids) - left[table]) > max(kept[table]), table
    finally:
        app.db.dispose()
