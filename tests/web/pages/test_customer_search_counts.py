"""Search as you type: a search says "more than 100" instead of counting every match, and a
picker asks for no more than it shows."""

from __future__ import annotations

import pytest
from page_helpers import HTMX
from sqlalchemy import insert

from core.contacts.models import Contact
from core.contacts.search_text import search_text
from core.db.base import utcnow


def _garages(facturo_app, tenant_id: int, count: int) -> None:
    rows = []
    for i in range(count):
        values = {"tenant_id": tenant_id, "number": f"K{i:04d}", "is_customer": True,
                  "is_supplier": False, "is_company": True, "archived": False,
                  "name": f"Garage Peeters {i:03d}", "city": "Gent", "country": "BE",
                  "language": "nl", "currency": "EUR", "custom_fields": {},
                  "created_at": utcnow(), "updated_at": utcnow()}
        values["search_text"] = search_text(values)
        rows.append(values)
    with facturo_app.db.session(tenant_id) as session:
        session.execute(insert(Contact.__table__), rows)


@pytest.mark.sqlite_only
def test_a_search_counts_up_to_a_hundred_and_the_list_further(facturo_app, tenant, client_of):
    _garages(facturo_app, tenant.id, 102)
    client = client_of(tenant)
    assert "102 results" in client.get("/customers").text
    searched = client.get("/customers?q=garage+pee")
    assert "More than 100 results" in searched.text
    assert "Garage Peeters 000" in searched.text and "Garage Peeters 050" not in searched.text
    assert 'rel="next"' in searched.text
    last = client.get("/customers?q=garage+pee&page=3")
    assert "Garage Peeters 101" in last.text and 'rel="next"' not in last.text
    narrower = client.get("/customers?q=garage+peeters+05")
    assert "11 results" in narrower.text  # 005 and 050-059: counted exactly


@pytest.mark.sqlite_only
def test_a_picker_says_more_match_without_counting_them(facturo_app, tenant, client_of):
    _garages(facturo_app, tenant.id, 12)
    client = client_of(tenant)
    picker = client.get("/customers/picker?customer_q=garage", headers=HTMX)
    assert picker.text.count('type="radio"') == 10
    assert "More customers match" in picker.text
    few = client.get("/customers/picker?customer_q=peeters+01", headers=HTMX)
    assert few.text.count('type="radio"') == 3 and "More customers match" not in few.text
