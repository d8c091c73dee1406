"""The contact search index: kept in step with every write, scoped to the tenant, and there."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, inspect, text

from core.contacts import service
from core.contacts.listing import LIST_COLUMNS, list_contacts
from core.contacts.models import Contact
from core.contacts.search_index import FTS_TABLE, INSERT_TRIGGER, TRGM_INDEX, bulk_inserting
from core.contacts.search_text import search_text
from core.db.base import utcnow
from core.documents.listing import list_documents


def _names(ctx, search: str, **options) -> list[str]:
    return [row.name for row in list_contacts(ctx, search=search, kind=None,
                                               columns=LIST_COLUMNS, **options).items]


def test_the_index_follows_creations_changes_and_deletions(work):
    with work() as ctx:
        bakery = service.create_customer(ctx, {"name": "Bakkerij Peeters", "city": "Gent"})
        service.create_customer(ctx, {"name": "Garage Peeters", "city": "Brugge"})
    with work() as ctx:
        assert _names(ctx, "peeters") == ["Bakkerij Peeters", "Garage Peeters"]
        assert _names(ctx, "kkerij eet") == ["Bakkerij Peeters"]  # inside words, in any order
        assert _names(ctx, "gent peeters") == ["Bakkerij Peeters"]
        service.update_contact(ctx, bakery.id, {"name": "Bakkerij Janssens"})
    with work() as ctx:
        assert _names(ctx, "peeters") == ["Garage Peeters"]
        assert _names(ctx, "janssens") == ["Bakkerij Janssens"]
        service.delete_contact(ctx, bakery.id)
    with work() as ctx:
        assert _names(ctx, "bakkerij") == []
        assert _names(ctx, "peeters") == ["Garage Peeters"]


def test_rows_written_without_the_orm_are_found_too(facturo_app, work, tenant):
    values = {"tenant_id": tenant.id, "number": "K-9", "name": "Brouwerij Maes",
              "is_customer": True, "is_supplier": False, "is_company": True, "archived": False,
              "country": "BE", "language": "nl", "currency": "EUR", "custom_fields": {},
              "created_at": utcnow(), "updated_at": utcnow()}
    values["search_text"] = search_text(values)
    with facturo_app.db.session(tenant.id) as session:  # a bulk insert, as imports do
        session.execute(insert(Contact.__table__), [values])
    with work() as ctx:
        assert _names(ctx, "brouwerij") == ["Brouwerij Maes"]
        assert _names(ctx, "k-9") == ["Brouwerij Maes"]


def test_short_words_quotes_and_wildcards_are_plain_text(work):
    with work() as ctx:
        service.create_customer(ctx, {"name": 'Atelier "De Ster"', "city": "Aalst"})
        service.create_customer(ctx, {"name": "Zeno 100%"})
    with work() as ctx:
        assert _names(ctx, '"de') == ['Atelier "De Ster"']
        assert _names(ctx, 'ster"') == ['Atelier "De Ster"']
        assert _names(ctx, "de aalst") == ['Atelier "De Ster"']  # a 2-letter word
        assert _names(ctx, "0%") == ["Zeno 100%"]
        assert _names(ctx, "0_") == []
        assert _names(ctx, "AND") == []  # not a query operator: a word like any other


def test_a_search_never_returns_another_tenants_contacts(work, make_tenant, tenant):
    other = make_tenant("Tenant B", slug="tenant-b")
    with work() as ctx:
        service.create_customer(ctx, {"name": "Garage Peeters"})
    with work(other.id) as ctx:
        service.create_customer(ctx, {"name": "Garage Peeters Bis"})
    with work() as ctx:
        found = list_contacts(ctx, search="garage peeters", kind=None)
        assert [c.tenant_id for c in found.items] == [tenant.id]
        assert found.total == 1
        assert list_documents(ctx, search="peeters bis").total == 0


def test_list_pages_never_show_another_tenants_rows(work, make_tenant, tenant):
    from core.documents.service import create_document

    other = make_tenant("Tenant B", slug="tenant-b")
    for tenant_id, name in ((tenant.id, "Garage Peeters"), (other.id, "Garage Peeters Bis")):
        with work(tenant_id) as ctx:
            customer = service.create_customer(ctx, {"name": name, "tags": ["vip"]})
            create_document(ctx, "invoice", customer)
    with work() as ctx:
        for options in ({}, {"search": "garage"}, {"tags": ["vip"]}, {"sort": "-city"}):
            found = list_contacts(ctx, kind=None, columns=LIST_COLUMNS, count_limit=10, **options)
            assert ([row.name for row in found.items], found.total) == (["Garage Peeters"], 1)
        for sort in ("-date", "customer", "-number"):
            for search in (None, "garage"):
                page = list_documents(ctx, sort=sort, search=search, summary=True, count_limit=10)
                assert [row.customer_name for row in page.items] == ["Garage Peeters"]
                assert page.total == 1


def test_the_index_exists_after_migrating(facturo_app):
    with facturo_app.db.engine.connect() as connection:
        if facturo_app.db.dialect == "sqlite":
            triggers = set(connection.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'"
            )).scalars())
            assert FTS_TABLE in inspect(connection).get_table_names()
        else:
            indexes = {i["name"] for i in inspect(connection).get_indexes(FTS_TABLE)}
            assert TRGM_INDEX in indexes
            triggers = set(connection.execute(text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'contacts'::regclass"
            )).scalars())
        assert {"contacts_search_insert", "contacts_search_update",
                "contacts_search_delete"} <= triggers


def _insert_trigger_present(facturo_app) -> bool:
    if facturo_app.db.dialect != "sqlite":
        return True
    with facturo_app.db.engine.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :name"
        ), {"name": INSERT_TRIGGER}).scalar_one() == 1


def test_contacts_inserted_in_bulk_are_indexed_and_the_trigger_is_back(facturo_app, work):
    with work() as ctx:
        service.create_customer(ctx, {"name": "Garage Peeters"})
        with bulk_inserting(ctx.session):
            service.create_customer(ctx, {"name": "Bakkerij Peeters"})
            service.create_customer(ctx, {"name": "Brouwerij Maes"})
    assert _insert_trigger_present(facturo_app)
    with work() as ctx:
        assert _names(ctx, "peeters") == ["Bakkerij Peeters", "Garage Peeters"]
        assert _names(ctx, "brouwerij") == ["Brouwerij Maes"]
        service.create_customer(ctx, {"name": "Slagerij Peeters"})  # through the trigger again
    with work() as ctx:
        assert _names(ctx, "slagerij") == ["Slagerij Peeters"]


def test_a_failed_bulk_insert_leaves_the_index_and_trigger_as_they_were(facturo_app, work):
    with pytest.raises(RuntimeError), work() as ctx, bulk_inserting(ctx.session):
        service.create_customer(ctx, {"name": "Bakkerij Peeters"})
        raise RuntimeError("the import stops")
    assert _insert_trigger_present(facturo_app)
    with work() as ctx:
        assert _names(ctx, "peeters") == []
        service.create_customer(ctx, {"name": "Garage Peeters"})
    with work() as ctx:
        assert _names(ctx, "peeters") == ["Garage Peeters"]


def test_few_and_many_matches_list_the_same_contacts_in_the_same_order(work):
    with work() as ctx:
        for name in ("Garage Peeters", "Bakkerij Peeters", "Atelier Peeters", "Café Maes"):
            service.create_customer(ctx, {"name": name})
    with work() as ctx:
        expected = ["Atelier Peeters", "Bakkerij Peeters", "Garage Peeters"]
        assert _names(ctx, "peeters") == expected  # counted in full: few matches
        assert _names(ctx, "peeters", count_limit=1) == expected  # "more than 1": many
        assert _names(ctx, "peeters", count_limit=1, sort="-name") == expected[::-1]
