"""PostgreSQL roles: the application's role owns nothing and cannot lower a wall.

The suite's application connects as a role that owns no table (`facturo_app.db.engine`);
the migrations ran as the owner (`facturo_app.db.owner_engine`). Every statement below is
what an injected statement could try.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from core.contacts.models import Contact
from core.db.rls import tenant_tables
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.service import create_document
from core.output.stored import store_pdf

pytestmark = pytest.mark.postgres_only

LOWER_THE_WALLS = [
    "ALTER TABLE documents NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE contacts DISABLE ROW LEVEL SECURITY",
    "DROP POLICY facturo_tenant_isolation ON contacts",
    "CREATE POLICY everything ON contacts USING (true)",
    "ALTER TABLE documents DISABLE TRIGGER documents_frozen",
    "ALTER TABLE documents DISABLE TRIGGER ALL",
    "DROP TRIGGER documents_frozen ON documents",
    "CREATE OR REPLACE FUNCTION facturo_purging(relation oid) RETURNS boolean "
    "LANGUAGE sql AS $$ SELECT true $$",
    "CREATE OR REPLACE FUNCTION facturo_documents_frozen() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN COALESCE(NEW, OLD); END $$",
    "TRUNCATE documents CASCADE",
    "SET session_replication_role = replica",
    "SET ROLE facturo_owner",
    "SELECT count(*) FROM contacts_search",
    "UPDATE alembic_version SET version_num = version_num",
    "CREATE TABLE sneaked_in (id integer)",
]


def _seed(app, tenant_id: int, name: str) -> int:
    """A customer and a posted invoice with its stored PDF; the invoice's id."""
    with app.tenant_context(tenant_id, write=True) as ctx:
        customer = Contact(number=f"C-{name}", name=name, street="Veldstraat 1",
                           postal_code="9000", city="Gent", country="BE", language="nl")
        ctx.session.add(customer)
        ctx.session.flush()
        doc = create_document(ctx, "invoice", customer.id, issue_date=date(2026, 3, 2),
                              lines=[LineData(description="Brood", quantity=2,
                                              unit_price="3.10", vat_rate=6)])
        post_document(ctx, doc)
        store_pdf(ctx, doc)
        return doc.id


@pytest.fixture
def two_tenants(facturo_app, make_tenant, facturo_catalogue):
    addons = tuple(facturo_catalogue.order)
    a = make_tenant("Alpha", slug="alpha", addons=addons)
    b = make_tenant("Beta", slug="beta", addons=addons)
    return a.id, b.id, _seed(facturo_app, a.id, "Alpha"), _seed(facturo_app, b.id, "Beta")


def test_the_application_role_owns_nothing(facturo_app):
    with facturo_app.db.engine.connect() as conn:
        owned = conn.execute(text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND pg_has_role(c.relowner, 'USAGE')"
        )).scalar_one()
        superuser = conn.execute(text(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )).scalar_one()
    assert (owned, superuser) == (0, False)


@pytest.mark.parametrize("statement", LOWER_THE_WALLS)
def test_the_application_role_cannot_lower_a_wall(facturo_app, statement):
    with pytest.raises(DBAPIError, match=r"(?i)permission denied|must be owner"), \
            facturo_app.db.engine.begin() as conn:
        conn.execute(text(statement))


def test_the_all_tenants_switch_has_no_effect_for_the_application(facturo_app, two_tenants):
    a, b, _doc_a, _doc_b = two_tenants
    switch = "SELECT set_config('facturo.all_tenants', 'on', true)"
    with facturo_app.db.engine.begin() as conn:
        conn.execute(text(switch))
        assert conn.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 0
    with facturo_app.db.session(a) as session:
        session.execute(text(switch))
        tenants = session.execute(text("SELECT DISTINCT tenant_id FROM documents")).scalars()
        assert tenants.all() == [a]
    with facturo_app.db.session(all_tenants=True) as session:  # the owner's: operator work
        rows = session.execute(text("SELECT DISTINCT tenant_id FROM documents ORDER BY 1"))
        assert rows.scalars().all() == [a, b]


def test_the_purge_switch_has_no_effect_for_the_application(facturo_app, two_tenants):
    a, _b, doc_a, _doc_b = two_tenants
    for statement in ("UPDATE documents SET total_incl_vat = 0 WHERE id = :id",
                      "DELETE FROM document_lines WHERE document_id = :id",
                      "DELETE FROM document_files WHERE document_id = :id",
                      "DELETE FROM documents WHERE id = :id"):
        with pytest.raises(DBAPIError, match=r"posted document|stored document file"), \
                facturo_app.db.session(a) as session:
            session.execute(text("SET LOCAL facturo.purge = 'on'"))
            session.execute(text(statement), {"id": doc_a})
    with facturo_app.db.session(a) as session:
        total = session.execute(text("SELECT total_incl_vat FROM documents WHERE id = :id"),
                                {"id": doc_a}).scalar_one()
        assert str(total) == "6.57"
    with facturo_app.db.owner_engine.begin() as conn:  # the operator's role may purge
        conn.execute(text("SELECT set_config('facturo.purge', 'on', true), "
                          "set_config('facturo.all_tenants', 'on', true)"))
        conn.execute(text("DELETE FROM documents WHERE id = :id"), {"id": doc_a})
    with facturo_app.db.session(a) as session:
        assert session.execute(text("SELECT count(*) FROM document_files")).scalar() == 0


# A user's memberships are read at login and by the tenant switcher across the user's
# tenants, before (or beside) the tenant of the request: a system table, not tenant data.
# Invitations likewise: the person invited reads them across the companies that invite them.
SYSTEM_TABLES = {"memberships", "invitations"}
# The contact search index: no policy (a `LIKE` under a policy never reads an index), and
# no privilege for the application's role, which reaches it through the owner's functions.
UNREACHABLE_TABLES = {"contacts_search"}


def _tenant_tables(conn) -> list[str]:
    return conn.execute(text(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' "
        "AND table_schema = current_schema() ORDER BY 1"
    )).scalars().all()


def test_every_table_with_a_tenant_column_has_the_tenant_policy(facturo_app):
    with facturo_app.db.owner_engine.connect() as conn:
        tables = _tenant_tables(conn)
        policies = conn.execute(text(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity, "
            "array_agg(p.polname ORDER BY p.polname), "
            "bool_or(p.polname = 'facturo_tenant_isolation' AND p.polroles = '{0}') "
            "FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relname = ANY(:tables) AND c.relnamespace = current_schema()::regnamespace "
            "GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity"
        ), {"tables": tables}).all()
    unguarded = [row[0] for row in policies if not (row[1] and row[3])]
    assert "greetings_messages" in tables and "document_files" in tables
    assert len(policies) == len(tables)
    assert set(unguarded) == SYSTEM_TABLES | UNREACHABLE_TABLES
    assert not SYSTEM_TABLES & {table.name for table in tenant_tables()}
    with facturo_app.db.engine.connect() as conn:
        reachable = {t for t in UNREACHABLE_TABLES if conn.execute(
            text("SELECT has_table_privilege(:t, 'SELECT, INSERT, UPDATE, DELETE')"),
            {"t": t}).scalar_one()}
    assert reachable == set()


def test_no_table_shows_another_tenants_rows(facturo_app, two_tenants):
    a, b, _doc_a, _doc_b = two_tenants
    with facturo_app.db.owner_engine.connect() as conn:
        tables = [t for t in _tenant_tables(conn)
                  if t not in SYSTEM_TABLES | UNREACHABLE_TABLES]
    with facturo_app.db.session(all_tenants=True) as session:
        filled = [t for t in tables if session.execute(
            text(f'SELECT count(*) FROM "{t}" WHERE tenant_id = :b'), {"b": b}).scalar()]
    assert {"contacts", "documents", "document_lines", "document_files",
            "tenant_addons"} <= set(filled)
    with facturo_app.db.session(a) as session:
        session.execute(text("SELECT set_config('facturo.all_tenants', 'on', true)"))
        seen = {t: session.execute(text(f'SELECT count(*) FROM "{t}" WHERE tenant_id <> :a'),
                                   {"a": a}).scalar() for t in tables}
        assert {t: n for t, n in seen.items() if n} == {}
        with pytest.raises(DBAPIError, match="row-level security"):
            session.execute(text("UPDATE contacts SET tenant_id = :b"), {"b": b})


def test_search_still_finds_the_own_contacts_only(facturo_app, two_tenants):
    a, _b, _doc_a, _doc_b = two_tenants
    with facturo_app.db.session(a) as session:
        session.execute(text("SELECT set_config('facturo.all_tenants', 'on', true)"))
        found = session.execute(
            text("SELECT facturo_contacts_matching(ARRAY['%alp%', '%ha%'])")).scalars().all()
        others = session.execute(
            text("SELECT facturo_contacts_matching(ARRAY['%bet%'])")).scalars().all()
        names = session.scalars(select(Contact.name).where(Contact.id.in_(found))).all()
    assert (names, others) == (["Alpha"], [])


def test_fresh_statistics_after_an_import_through_the_owners_function(facturo_app, tenant):
    reltuples = text("SELECT reltuples FROM pg_class WHERE oid = 'contacts'::regclass")
    with facturo_app.db.session(tenant.id) as session:
        session.execute(text("ANALYZE contacts"))  # not the owner: skipped with a warning
        assert session.execute(reltuples).scalar_one() == -1
        session.execute(text("SELECT facturo_analyze('contacts')"))
        assert session.execute(reltuples).scalar_one() == 0
        with pytest.raises(DBAPIError, match="not a Facturo table"):
            session.execute(text("SELECT facturo_analyze('pg_catalog.pg_class')"))
