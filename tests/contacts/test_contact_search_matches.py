"""Contact search against a plain Python filter: the same rows, in the same order, counted
right, and never another tenant's."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from core.contacts import search_page, service
from core.contacts.listing import LIST_COLUMNS, SORTS, list_contacts
from core.contacts.models import Contact
from core.contacts.search_text import fold, search_text
from core.db.base import utcnow

FIRST = ["Garage", "Bakkerij", "Brouwerij", "Café", "Atelier", "Boulangerie", "Slagerij"]
LAST = ["Peeters", "Janssens", "Maes", "Mertens", "Dubois", "Élise", "Claes"]
CITIES = ["Gent", "Antwerpen", "Liège", "Brugge", "Namur"]
FRAGMENTS = ["garage", "gar", "pee", "peeters", "eet", "maes", "ma", "cafe", "café", "GENT",
             "liege", "li", "brou", "erij", "mert", "dub", "9000", "c0", "x", "zzz", "e",
             "kerk", "straat 1", "élise", "info1"]
ROWS = 300


def _values(tenant_id: int, i: int, rng: random.Random) -> dict:
    postal, city = rng.choice([("9000", "Gent"), ("2000", "Antwerpen"), ("4000", "Liège"),
                               ("8000", "Brugge"), ("5000", "Namur")])
    customer = rng.random() < 0.7
    values = {
        "tenant_id": tenant_id, "number": f"C{i:04d}", "is_customer": customer,
        "is_supplier": not customer or rng.random() < 0.2, "is_company": True,
        "archived": rng.random() < 0.1,
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randint(1, 40)}",
        "email": f"info{i}@example.be", "street": f"Kerkstraat {rng.randint(1, 30)}",
        "postal_code": postal, "city": city, "country": "BE", "language": "nl",
        "currency": "EUR", "custom_fields": {}, "created_at": utcnow(), "updated_at": utcnow(),
    }
    values["search_text"] = search_text(values)
    return values


def _fill(facturo_app, tenant_id: int, seed: int) -> None:
    rng = random.Random(seed)
    rows = [_values(tenant_id, i, rng) for i in range(ROWS)]
    with facturo_app.db.session(tenant_id) as session:
        session.execute(insert(Contact.__table__), rows)


def _expected(session, tenant_id: int, term: str, kind: str | None, archived: bool | None,
              sort: str) -> list[str]:
    contacts = session.query(Contact).filter(Contact.tenant_id == tenant_id).all()
    words = [fold(word) for word in term.split()]
    found = [c for c in contacts
             if all(word in c.search_text for word in words)
             and (kind is None or (c.is_customer if kind == "customer" else c.is_supplier))
             and (archived is None or c.archived == archived)]
    key = sort.lstrip("-")
    fields = {"name": ("name", "id"), "number": ("number",), "city": ("city", "name", "id"),
              "created": ("created_at", "id")}[key]
    found.sort(key=lambda c: tuple(getattr(c, f) for f in fields), reverse=sort[0] == "-")
    return [c.number for c in found]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3),
    kind=st.sampled_from([None, "customer", "supplier"]),
    archived=st.sampled_from([False, True, None]),
    sort=st.sampled_from(sorted(k for k in SORTS if k.lstrip("-") != "created")),
    per_page=st.sampled_from([5, 50]),
    count_limit=st.sampled_from([None, 3, 40]),
    walk=st.booleans(),
)
def test_a_search_finds_what_a_plain_filter_finds(
    facturo_app, make_tenant, words, kind, archived, sort, per_page, count_limit, walk
):
    tenants = getattr(facturo_app, "_search_tenants", None)
    if tenants is None:  # filled once per database, then only read
        tenants = [make_tenant("Search A", slug="search-a"), make_tenant("Search B",
                                                                         slug="search-b")]
        for seed, tenant in enumerate(tenants):
            _fill(facturo_app, tenant.id, seed)
        facturo_app._search_tenants = tenants
    term = " ".join(words)
    few = search_page.FEW_CANDIDATES
    search_page.FEW_CANDIDATES = 0 if walk else few  # SQLite: walk the list's index, or sort
    try:
        _compare(facturo_app, tenants, term, kind, archived, sort, per_page, count_limit)
    finally:
        search_page.FEW_CANDIDATES = few


def _compare(facturo_app, tenants, term, kind, archived, sort, per_page, count_limit) -> None:
    for tenant in tenants:
        with facturo_app.tenant_context(tenant.id) as ctx:
            expected = _expected(ctx.session, tenant.id, term, kind, archived, sort)
            first = list_contacts(ctx, search=term, kind=kind, archived=archived, sort=sort,
                                  per_page=per_page, count_limit=count_limit,
                                  columns=LIST_COLUMNS)
            assert [row.number for row in first.items] == expected[:per_page], term
            if count_limit is None or len(expected) <= count_limit:
                total = len(expected)
            else:
                total = count_limit + 1  # "more than count_limit"
            assert first.total == total
            second = list_contacts(ctx, search=term, kind=kind, archived=archived, sort=sort,
                                   per_page=per_page, page=2, count_limit=count_limit)
            assert [c.number for c in second.items] == expected[per_page:2 * per_page]
            assert {c.tenant_id for c in second.items} <= {tenant.id}
            assert second.total == total
            beyond = list_contacts(ctx, search=term, kind=kind, archived=archived, sort=sort,
                                   per_page=per_page, page=80, count_limit=count_limit,
                                   columns=LIST_COLUMNS)
            assert (beyond.items, beyond.total) == ([], total)


def test_what_a_list_filters_and_sorts_by_follows_every_change(work):
    with work() as ctx:
        garage = service.create_customer(ctx, {"name": "Garage Peeters", "city": "Gent"})
        bakery = service.create_customer(ctx, {"name": "Bakkerij Peeters", "city": "Brugge"})
    with work() as ctx:
        service.archive_contact(ctx, garage.id)
        service.update_contact(ctx, bakery.id, {"is_customer": False, "is_supplier": True,
                                                "city": "Aalst"})
    with work() as ctx:
        def names(**options):
            return [c.name for c in list_contacts(ctx, search="peeters", **options).items]

        assert names(kind=None) == ["Bakkerij Peeters"]
        assert names(kind=None, archived=True) == ["Garage Peeters"]
        assert names(kind="customer", archived=None) == ["Garage Peeters"]
        assert names(kind="supplier", archived=None) == ["Bakkerij Peeters"]
        assert names(kind=None, archived=None, sort="-city") == ["Garage Peeters",
                                                                 "Bakkerij Peeters"]
        assert list_contacts(ctx, search="peeters", kind=None, archived=None,
                             count_limit=1).total == 2
        service.update_contact(ctx, garage.id, {"name": "Atelier Peeters"})
    with work() as ctx:
        assert [c.name for c in list_contacts(ctx, search="peeters", kind=None,
                                              archived=None).items] == ["Atelier Peeters",
                                                                        "Bakkerij Peeters"]
