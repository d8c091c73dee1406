"""Every page needs a login (except the public ones) and every page has a title; every route,
addon routes and settings included, walked by a company with another company's ids: in the path
(a 4xx, never the other's page) and in every form field that names a record (refused, never
stored), then with numbers too large for any column in every field (no server error), on
both databases. After that walk the other company's rows are exactly as they were,
and no row of the walking company ever refers to a record of the other one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from core.db.base import Base
from core.db.rls import tenant_tables
from core.testing.web import csrf_token
from core.web.pages import PUBLIC_ATTR

PARAM = re.compile(r"{(\w+)(?::\w+)?}")
TITLE = re.compile(r"<title>(.*?) · Facturo</title>")


def get_routes(routes, prefix=""):
    """(path, endpoint) of every GET route, mounts included, static files left out."""
    found = []
    for route in routes:
        if isinstance(route, Mount):
            if route.path != "/static":
                found.extend(get_routes(route.routes, prefix + route.path))
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            found.append((prefix + route.path, route.endpoint))
    return found


def concrete(path, value="sample_base"):
    return PARAM.sub(lambda m: "1" if m.group(0).endswith(":int}") else value, path)


@pytest.mark.sqlite_only
def test_every_get_route_sends_anonymous_visitors_to_the_login(shell_app):
    routes = get_routes(shell_app.web.routes)
    assert any(path.startswith("/apps/sample_web/") for path, _ in routes)
    client = TestClient(shell_app.web)
    checked = 0
    for path, endpoint in routes:
        if getattr(endpoint, PUBLIC_ATTR, False):
            continue
        url = concrete(path)
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303, url
        assert response.headers["location"].startswith("/login?next="), url
        checked += 1
    assert checked >= 8


@pytest.mark.sqlite_only
def test_every_page_has_a_title(shell_client):
    client, _tenant, _user = shell_client(addons=("sample_web", "sample_base"))
    for path, endpoint in get_routes(client.app.routes):
        if path.startswith("/password/reset") or path in ("/healthz", "/apps/sample_web/boom"):
            continue
        if getattr(endpoint, "facturo_fragment", False):
            continue  # a piece of a page, for htmx to swap in
        url = concrete(path)
        # a page of a record (`{id}` in its path) answers 404 when the record does not exist
        expected = (200, 404) if PARAM.search(path) else (200,)
        response = client.get(url)
        assert response.status_code in expected, url
        if not response.headers["content-type"].startswith("text/html"):
            continue  # a download (an export, a PDF)
        match = TITLE.search(response.text)
        assert match and match.group(1).strip(), url
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code in expected and TITLE.search(fragment.text), url


ADDONS = ("products", "tiered_pricing", "deposits", "payments", "quotes", "delivery_notes",
          "cash_receipts", "peppol", "stock", "work_orders", "mailchimp", "twikey")
# Routes that end the walker's own session (it takes no ids) or switch language are left out.
SKIPPED = ("/logout", "/account/sign-out-everywhere", "/language", "/login", "/password/",
           "/settings/apps/", "/static")
HUGE = "99999999999999999999"
QUERY_NUMBERS = ("page", "per_page", "account", "invoice", "category", "customer_id",
                 "target", "year")
FIELD_TARGETS = {
    # form field -> the kind of record whose id it carries
    "customer_id": "contact_id", "contact_id": "contact_id", "target": "contact_id",
    "product_id": "product_id", "document_id": "document_id", "invoice": "document_id",
    "account": "account_id", "category_id": "category_id", "category": "category_id",
    "segment": "segment_id", "segment_0": "segment_id", "tiered_pricing_segment": "segment_id",
    "tenant_id": "tenant_id", "user_id": "user_id", "payment_id": "payment_id",
    "line_id": "line_id", "person_id": "person_id", "address_id": "address_id",
    "attachment_id": "attachment_id", "article_id": "article_id",
    "component_id": "product_id", "product_0": "product_id",
}
# columns that hold a record's id without a foreign key
LOOSE_REFERENCES = {"product_id": "products_products"}


def seed(app: Any, tenant: Any, member: Any, tag: str) -> dict[str, Any]:
    """One record of every kind the routes take an id of, for a tenant."""
    from addons.deposits.service import make_article
    from addons.payments.accounts import default_account
    from addons.payments.service import record_payment
    from addons.products.service import create_product
    from addons.tiered_pricing.service import create_segment
    from core.contacts.addresses import add_address
    from core.contacts.attachments import add_attachment
    from core.contacts.persons import add_person
    from core.contacts.service import create_customer
    from core.documents.posting import post_document
    from core.documents.service import create_document
    from core.importing import read_upload, store_upload

    with app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": f"Geheim {tag}", "vat_number": ""})
        person = add_person(ctx, customer.id, {"name": f"Persoon {tag}"})
        address = add_address(ctx, customer.id, {"street": f"Straat {tag}", "city": "Gent"})
        attachment = add_attachment(ctx, customer.id, "note.txt", b"secret " + tag.encode())
        product = create_product(ctx, {"code": f"P{tag}", "name": f"Product {tag}",
                                       "sale_price": Decimal("10"), "category": f"Cat {tag}"})
        segment = create_segment(ctx, f"Segment {tag}")
        article = make_article(ctx, product.id)
        line = {"line_type": "product", "product_id": product.id, "quantity": 2}
        draft = create_document(ctx, "invoice", customer.id, lines=[line])
        posted = create_document(ctx, "invoice", customer.id, lines=[line])
        post_document(ctx, posted)
        payment = record_payment(ctx, posted, Decimal("5"))
        quote = create_document(ctx, "quote", customer.id, lines=[line])
        delivery = create_document(ctx, "delivery_note", customer.id, lines=[line])
        receipt = create_document(ctx, "cash_receipt", customer.id, lines=[line])
        token = store_upload(ctx, read_upload(f"Naam\nKlant {tag}\n".encode(), "a.csv"))
        return {
            "contact_id": customer.id, "person_id": person.id, "address_id": address.id,
            "attachment_id": attachment.id, "product_id": product.id,
            "category_id": product.category_id, "segment_id": segment.id,
            "article_id": article.id, "document_id": draft.id, "posted_id": posted.id,
            "line_id": draft.lines[0].id, "payment_id": payment.id,
            "account_id": default_account(ctx).id, "quote_id": quote.id,
            "delivery_id": delivery.id, "receipt_id": receipt.id, "token": token,
            "tenant_id": tenant.id, "user_id": member.id,
        }


def routes_of(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, set[str], Any]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from routes_of(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, set(route.methods or ()) - {"HEAD"}, route.endpoint


FINAL = ("/delete", "/post", "/archive", "/convert", "/credit", "/send", "/answer", "/commit",
         "/invoice", "/match", "/role")


def last_if_final(route: tuple[str, set[str], Any]) -> bool:
    """Routes that end a record's draft life (post, delete, ...) are walked last, so that the
    others find our records still editable."""
    return route[0].endswith(FINAL)


def path_with(path: str, ids: dict[str, Any]) -> str:
    """The path with every parameter filled from `ids` (a quote's page with a quote, ...)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "document_id" and path.startswith("/apps/quotes/"):
            return str(ids["quote_id"])
        if name == "document_id" and path.startswith("/apps/delivery_notes/"):
            return str(ids["delivery_id"])
        if name == "document_id" and path.startswith("/apps/cash_receipts/"):
            return str(ids["receipt_id"])
        if name == "document_id" and path.endswith(("/credit", "/send", ".xml")):
            return str(ids["posted_id"])
        return {"kind": "invoice", "language": "nl", "name": "logo.png"}.get(
            name, str(ids.get(name, "1")))

    return PARAM.sub(value, path)


def body_with(ids: dict[str, Any]) -> dict[str, str]:
    """A form naming the records of `ids` in every field that takes a record's id."""
    form = {field: str(ids[kind]) for field, kind in FIELD_TARGETS.items()}
    form.update({f"article_{ids['article_id']}": "3", "line_type": "product", "quantity": "1",
                 "rows": "1", "quantity_0": "1", "price_0": "1", "amount": "1",
                 "issue_date": "2026-01-05", "date": "2026-01-05", "name": "Walk",
                 "payment_term_days": "30", "role": "customer", "decision": "accepted",
                 "action": "correct", "reason": "Walk"})
    return form


def snapshot(app: Any, tenant_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of a tenant, per table."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with app.db.session(all_tenants=True) as session:
        for table in tenant_tables():
            found = session.execute(select(table).where(table.c.tenant_id == tenant_id))
            rows[table.name] = sorted(tuple(map(repr, row)) for row in found)
    return rows


def foreign_references(app: Any, ours: int, theirs: int) -> list[str]:
    """`table.column = id` of our rows that refer to a record of the other tenant (checked
    after each request: a later one may delete the row that referred)."""
    found = []
    with app.db.session(all_tenants=True) as session:
        for table in tenant_tables():
            for column in table.columns:
                targets = {key.column.table for key in column.foreign_keys}
                loose = LOOSE_REFERENCES.get(column.name)
                if loose in Base.metadata.tables:
                    targets.add(Base.metadata.tables[loose])
                for target in targets:
                    if "tenant_id" not in target.c or (target is table and column.primary_key):
                        continue
                    theirs_ids = select(target.c.id).where(target.c.tenant_id == theirs)
                    hits = session.execute(select(column).where(
                        table.c.tenant_id == ours, column.in_(theirs_ids))).scalars().all()
                    found.extend(f"{table.name}.{column.name} = {hit}" for hit in hits)
    return found


def test_another_companys_ids_reach_nothing_on_any_route(
    facturo_app, make_tenant, make_user, web_client
):
    theirs = make_tenant("Slagerij Claes", addons=ADDONS)
    ours = make_tenant("Bakkerij Peeters", addons=ADDONS)
    their_ids = seed(facturo_app, theirs, make_user(theirs), "THEIRS")
    client = web_client(ours, language="en")
    our_ids = seed(facturo_app, ours, make_user(ours), "OURS")
    token = csrf_token(client)
    before = snapshot(facturo_app, theirs.id)
    foreign_body = body_with(their_ids)
    junk_body = {name: HUGE for name in [*foreign_body, "position", "payment_term_days"]}
    problems: list[str] = []
    walked = 0
    for path, methods, endpoint in sorted(routes_of(facturo_app.web.routes), key=last_if_final):
        if path.startswith(SKIPPED) or getattr(endpoint, PUBLIC_ATTR, False):
            continue
        for method in sorted(methods):
            walked += 1
            if PARAM.search(path):
                url = path_with(path, their_ids)
                response = client.request(method, url, data={"csrf_token": token}
                                          if method == "POST" else None, follow_redirects=False)
                names_ids = any(p not in ("kind", "language", "name", "token")
                                for p in PARAM.findall(path))
                if names_ids and response.status_code not in (400, 404):
                    problems.append(f"{method} {url} with their ids: {response.status_code}")
                elif response.status_code >= 500:
                    problems.append(f"{method} {url}: {response.status_code}")
                if "THEIRS" in response.text:
                    problems.append(f"{method} {url} shows their data")
            if method == "GET":
                url = path_with(path, our_ids)
                query = "&".join(f"{name}={HUGE}" for name in QUERY_NUMBERS)
                response = client.get(f"{url}?{query}", follow_redirects=False)
                if response.status_code >= 500:
                    problems.append(f"GET {url} with numbers too large in the query: "
                                    f"{response.status_code}")
            if method == "POST":
                url = path_with(path, our_ids)
                response = client.post(url, data={**foreign_body, "csrf_token": token},
                                       follow_redirects=False)
                if response.status_code >= 500 or "THEIRS" in response.text:
                    problems.append(f"POST {url} with their ids in the form: "
                                    f"{response.status_code}")
                problems.extend(f"POST {url} stored {reference}" for reference in
                                foreign_references(facturo_app, ours.id, theirs.id))
                junk = client.post(url, data={**junk_body, "csrf_token": token},
                                   follow_redirects=False)
                if junk.status_code >= 500:
                    problems.append(f"POST {url} with numbers too large: {junk.status_code}")
    assert walked > 80
    assert problems == [], "\n".join(problems)
    assert snapshot(facturo_app, theirs.id) == before
    assert client.get("/customers").status_code == 200  # still logged in to our company
