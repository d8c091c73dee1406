"""PostgreSQL: a word that thousands of contacts hold is found by walking the list's order
(migration `core_0015_search_walk`), with the same rows, order and count as a plain filter,
and never another tenant's."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, insert, text

from core.contacts.listing import LIST_COLUMNS, list_contacts
from core.contacts.models import Contact
from core.contacts.search_text import fold, search_text
from core.db.base import utcnow

pytestmark = pytest.mark.postgres_only

FIRST = ["Garage", "Bakkerij", "Atelier", "Café", "Slagerij", "Zuivel"]
LAST = ["Peeters", "Janssens", "Maes", "Dubois"]
ROWS = 3_000  # "gent": over the 2,000 trigram matches a search reads before it walks


def _contacts(tenant_id: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(ROWS):
        customer = rng.random() < 0.9
        values = {
            "tenant_id": tenant_id, "number": f"C{i:05d}", "is_customer": customer,
            "is_supplier": not customer, "is_company": True, "archived": rng.random() < 0.02,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randint(1, 500)}",
            "email": "", "street": "", "postal_code": "9000", "city": "Gent", "country": "BE",
            "language": "nl", "currency": "EUR", "custom_fields": {},
            "created_at": utcnow(), "updated_at": utcnow(),
        }
        values["search_text"] = search_text(values)
        rows.append(values)
    return rows


@pytest.fixture
def two_shops(facturo_app, make_tenant):
    shops = [make_tenant("Veel klanten", slug="veel"), make_tenant("Ook veel", slug="ook")]
    for seed, shop in enumerate(shops):
        with facturo_app.db.session(shop.id) as session:
            session.execute(insert(Contact.__table__), _contacts(shop.id, seed))
    return shops


def _expected(rows: list[dict], term: str, descending: bool) -> list[str]:
    words = [fold(w) for w in term.split()]
    found = [r for r in rows if all(w in r["search_text"] for w in words)
             and r["is_customer"] and not r["archived"]]
    found.sort(key=lambda r: r["name"], reverse=descending)
    return [r["number"] for r in found]


@pytest.mark.parametrize("term", ["gent", "gent peeters", "ee", "garage jans"])
@pytest.mark.parametrize("sort", ["name", "-name"])
def test_a_common_word_gives_what_a_plain_filter_gives(facturo_app, two_shops, term, sort):
    for seed, shop in enumerate(two_shops):
        with facturo_app.tenant_context(shop.id) as ctx:
            names = {n: name for n, name in ctx.session.execute(text(
                "SELECT number, name FROM contacts WHERE tenant_id = :t"), {"t": shop.id})}
            expected = _expected(_contacts(shop.id, seed), term, sort == "-name")
            found = list_contacts(ctx, search=term, kind="customer", archived=False,
                                  sort=sort, per_page=50, count_limit=100,
                                  columns=LIST_COLUMNS)
            # names repeat: compare the order of names, and the rows as a set per page
            assert [names[r.number] for r in found.items] == [
                names[n] for n in expected[:50]], term
            assert found.total == min(len(expected), 101)
            assert {r.number for r in found.items} <= set(expected)


def test_the_walk_reads_only_the_tenants_own_index_entries(
    facturo_app, two_shops, facturo_owner_database_url
):
    engine = create_engine(facturo_owner_database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT set_config('facturo.tenant_id', :t, false)"),
                               {"t": str(two_shops[1].id)})
            ids = [row[0] for row in connection.execute(text(
                "SELECT id FROM facturo_contacts_walk(ARRAY['%peeters%'], ARRAY[]::text[], "
                "false, 'customer', 'name', 60, 50, 0, 100000)"))]
            owners = set(connection.execute(text(
                "SELECT tenant_id FROM contacts WHERE id = ANY(:ids)"), {"ids": ids}).scalars())
    finally:
        engine.dispose()
    assert len(ids) == 50 and owners == {two_shops[1].id}
