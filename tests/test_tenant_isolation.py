"""A tenant never reads or changes another tenant's rows, through any query path."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from core.db import TenantContextMissing, TenantMismatch
from core.numbering.models import NumberSequence


@pytest.fixture
def two_tenants(facturo_app, make_tenant):
    a, b = make_tenant("Alpha", slug="alpha"), make_tenant("Beta", slug="beta")
    ids = {}
    for tenant, pattern in ((a, "A(3)"), (b, "B(3)")):
        with facturo_app.db.session(tenant.id) as session:
            row = NumberSequence(key="invoice", pattern=pattern)
            session.add(row)
            session.flush()
            ids[tenant.slug] = row.id
    return a, b, ids


def test_a_tenant_owned_query_without_a_tenant_raises(facturo_app, two_tenants):
    with pytest.raises(TenantContextMissing), facturo_app.db.session() as session:
        session.scalars(select(NumberSequence)).all()


def test_orm_reads_see_only_the_own_tenant(facturo_app, two_tenants):
    a, _b, ids = two_tenants
    with facturo_app.db.session(a.id) as session:
        assert session.scalars(select(NumberSequence.pattern)).all() == ["A(3)"]
        assert session.get(NumberSequence, ids["beta"]) is None
        other = aliased(NumberSequence)
        joined = session.execute(
            select(NumberSequence.pattern, other.pattern).join(
                other, other.key == NumberSequence.key
            )
        ).all()
        assert joined == [("A(3)", "A(3)")]
        assert session.scalar(select(func.count()).select_from(NumberSequence)) == 1


def test_the_same_statement_follows_the_session_tenant(facturo_app, two_tenants):
    a, b, _ids = two_tenants
    statement = select(NumberSequence.pattern)
    for tenant, expected in ((a, "A(3)"), (b, "B(3)"), (a, "A(3)")):
        with facturo_app.db.session(tenant.id) as session:
            assert session.scalars(statement).all() == [expected]


def test_orm_updates_and_deletes_cannot_touch_another_tenant(facturo_app, two_tenants):
    a, b, ids = two_tenants
    with facturo_app.db.session(a.id) as session:
        session.execute(update(NumberSequence).where(NumberSequence.id == ids["beta"])
                        .values(pattern="HACKED(3)"))
        session.execute(delete(NumberSequence).where(NumberSequence.id == ids["beta"]))
    with facturo_app.db.session(b.id) as session:
        assert session.scalars(select(NumberSequence.pattern)).all() == ["B(3)"]


def test_writing_a_row_of_another_tenant_is_refused(facturo_app, two_tenants):
    a, b, _ids = two_tenants
    with pytest.raises(TenantMismatch), facturo_app.db.session(a.id) as session:
        session.add(NumberSequence(tenant_id=b.id, key="credit_note", pattern="X(3)"))
        session.flush()


def test_operator_sessions_see_all_tenants_explicitly(facturo_app, two_tenants):
    with facturo_app.db.session(all_tenants=True) as session:
        patterns = session.scalars(select(NumberSequence.pattern).order_by(NumberSequence.id))
        assert patterns.all() == ["A(3)", "B(3)"]


@pytest.mark.postgres_only
def test_row_level_security_stops_raw_sql(facturo_app, two_tenants):
    a, b, _ids = two_tenants
    with facturo_app.db.session(a.id) as session:
        assert session.execute(text("SELECT pattern FROM number_sequences")).scalars().all() == [
            "A(3)"]
        changed = session.execute(
            text("UPDATE number_sequences SET pattern = 'X(3)' WHERE tenant_id = :b"),
            {"b": b.id},
        )
        assert changed.rowcount == 0
    with pytest.raises(DBAPIError, match="row-level security"), \
            facturo_app.db.session(a.id) as session:
        session.execute(
            text("INSERT INTO number_sequences (tenant_id, key, pattern, yearly, year_start) "
                 "VALUES (:b, 'x', 'X(3)', false, '01-01')"),
            {"b": b.id},
        )
    with facturo_app.db.session() as session:  # no tenant: nothing visible
        assert session.execute(text("SELECT count(*) FROM number_sequences")).scalar() == 0
    with facturo_app.db.session(b.id) as session:
        assert session.execute(text("SELECT pattern FROM number_sequences")).scalars().all() == [
            "B(3)"]


# --- Core reads through tenant_rows ----------------------------------------------------------

def test_core_reads_name_the_tenant_of_every_table_they_read():
    from core.contacts.models import Contact, ContactTag
    from core.db.tenancy import tenant_param, unfiltered_tables

    mine = Contact.tenant_id == tenant_param()
    assert unfiltered_tables(select(Contact.id)) == ["contacts"]
    assert unfiltered_tables(select(Contact.id).where(mine)) == []
    # a filtered subquery does not cover the outer read, nor the other way round
    inner = select(ContactTag.contact_id).where(ContactTag.tenant_id == tenant_param())
    assert unfiltered_tables(select(Contact.id).where(Contact.id.in_(inner))) == ["contacts"]
    unfiltered_inner = select(ContactTag.contact_id)
    assert unfiltered_tables(select(Contact.id).where(mine, Contact.id.in_(unfiltered_inner))) \
        == ["contact_tags"]
    # a joined table needs its own filter, in the WHERE or in the join's ON
    joined = select(Contact.id).join(ContactTag, ContactTag.contact_id == Contact.id).where(mine)
    assert unfiltered_tables(joined) == ["contact_tags"]
    on = select(Contact.id).join(ContactTag, (ContactTag.contact_id == Contact.id)
                                 & (ContactTag.tenant_id == tenant_param())).where(mine)
    assert unfiltered_tables(on) == []
    # a comparison with another value is no tenant filter
    assert unfiltered_tables(select(Contact.id).where(Contact.tenant_id == 1)) == ["contacts"]


def test_tenant_rows_read_the_session_tenant_only(facturo_app, two_tenants):
    from core.db.tenancy import tenant_param, tenant_rows

    a, b, _ids = two_tenants
    statement = select(NumberSequence.pattern).where(NumberSequence.tenant_id == tenant_param())
    for tenant, expected in ((a, ["A(3)"]), (b, ["B(3)"])):
        with facturo_app.db.session(tenant.id) as session:
            assert tenant_rows(session, statement).scalars().all() == expected
    with facturo_app.db.session(a.id) as session:  # pending ORM changes are seen, as by a query
        session.add(NumberSequence(key="quote", pattern="Q(3)"))
        assert sorted(tenant_rows(session, statement).scalars()) == ["A(3)", "Q(3)"]
        session.rollback()


def test_tenant_rows_refuse_unfiltered_statements_and_sessions_without_tenant(
    facturo_app, two_tenants
):
    from core.db.tenancy import tenant_param, tenant_rows

    a, _b, _ids = two_tenants
    with pytest.raises(TenantContextMissing, match="number_sequences"), \
            facturo_app.db.session(a.id) as session:
        tenant_rows(session, select(NumberSequence.pattern))
    filtered = select(NumberSequence.pattern).where(NumberSequence.tenant_id == tenant_param())
    with pytest.raises(TenantContextMissing), facturo_app.db.session() as session:
        tenant_rows(session, filtered)
