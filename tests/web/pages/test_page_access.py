"""Who may do what on the business pages: the accountant reads but never writes, another
company's records are not found, and a crawl of a full demo company meets no server error."""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from page_helpers import post
from sqlalchemy import func, select
from starlette.routing import Route

from core.contacts.addresses import add_address
from core.contacts.attachments import add_attachment
from core.contacts.models import Contact
from core.contacts.persons import add_person
from core.documents.models import Document
from core.tenants.models import Role

pytestmark = pytest.mark.sqlite_only

MODULES = ("customers", "customers_form", "customers_records", "customers_import",
           "documents", "documents_actions", "documents_editor", "dashboard")
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def routes_of_my_modules() -> list[Route]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"core.web.routes.{name}")
        found.extend(route for route in module.routes if isinstance(route, Route))
    return found


def concrete(path: str, ids: dict[str, object]) -> str:
    return PARAM.sub(lambda m: str(ids[m.group(1)]), path)


def records(work, tenant, make_customer, make_invoice) -> dict[str, object]:
    """One record of each kind a route names, in the tenant."""
    contact = make_customer(tenant, "Klant van " + tenant.name)
    document = make_invoice(tenant, contact)
    with work(tenant) as ctx:
        person = add_person(ctx, contact, {"name": "Els"}).id
        address = add_address(ctx, contact, {"street": "Werf 1", "city": "Gent"}).id
        attachment = add_attachment(ctx, contact, "a.pdf", b"%PDF-1.4 a").id
        line = ctx.session.get(Document, document).lines[0].id
    return {"contact_id": contact, "document_id": document, "person_id": person,
            "address_id": address, "attachment_id": attachment, "line_id": line,
            "kind": "invoice", "token": "0" * 32}


def test_the_accountant_gets_403_on_every_write_route(
    tenant, client_of, work, make_customer, make_invoice
):
    ids = records(work, tenant, make_customer, make_invoice)
    client = client_of(tenant, Role.ACCOUNTANT)
    writes = [route for route in routes_of_my_modules() if "POST" in (route.methods or ())]
    assert len(writes) >= 20
    for route in writes:
        url = concrete(route.path, ids)
        response = post(client, url, {"name": "Changed", "description": "x"})
        assert response.status_code == 403, url
    with work(tenant) as ctx:
        assert ctx.session.get(Contact, ids["contact_id"]).name.startswith("Klant van")
        assert len(ctx.session.get(Document, ids["document_id"]).lines) == 2
    customer = client.get(f"/customers/{ids['contact_id']}")
    assert customer.status_code == 200
    assert f"/customers/{ids['contact_id']}/edit" not in customer.text
    draft = client.get(f"/documents/{ids['document_id']}")  # shown read-only
    assert draft.status_code == 200 and "Werk 1" in draft.text and 'id="lines"' not in draft.text


def test_another_companys_records_are_not_found(
    make_tenant, client_of, work, make_customer, make_invoice
):
    mine, theirs = make_tenant("Mine"), make_tenant("Theirs")
    records(work, mine, make_customer, make_invoice)
    their_ids = records(work, theirs, make_customer, make_invoice)
    client = client_of(mine)
    checked = 0
    for route in routes_of_my_modules():
        if not any(name in route.path for name in ("_id}", "_id:int}")):
            continue
        url = concrete(route.path, their_ids)
        if "GET" in (route.methods or ()):
            assert client.get(url).status_code == 404, url
        if "POST" in (route.methods or ()):
            response = post(client, url, {"name": "Hacked", "target": "1", "mode": "full",
                                          "to": "x@example.com", "description": "x"})
            assert response.status_code == 404, url
        checked += 1
    assert checked >= 20
    with work(theirs) as ctx:
        assert ctx.session.get(Contact, their_ids["contact_id"]).name == "Klant van Theirs"
        assert not ctx.session.get(Contact, their_ids["contact_id"]).archived
        doc = ctx.session.get(Document, their_ids["document_id"])
        assert doc.is_draft and len(doc.lines) == 2
        assert ctx.session.scalar(select(func.count()).select_from(Document)) == 1


def seed_demo_company(tenant, work, activate) -> None:
    """A company with every kind of record the pages show, made with the services."""
    from addons.products.service import create_product
    from core.contacts.service import create_customer, create_supplier
    from core.documents.convert import convert
    from core.documents.credit import create_credit_note
    from core.documents.posting import post_document
    from core.documents.service import apply_payment, create_document

    activate(tenant, "products", "quotes", "delivery_notes", "payments", "deposits",
             "tiered_pricing")
    today = date.today()
    with work(tenant) as ctx:
        kast = create_product(ctx, {"name": "Keukenkast", "sale_price": "450",
                                    "vat_rate": "21"}).id
        customers = [create_customer(ctx, {"name": f"Klant {n}", "city": "Gent",
                                           "tags": "vip" if n % 2 else ""}).id
                     for n in range(1, 6)]
        create_supplier(ctx, {"name": "Houthandel"})
        add_person(ctx, customers[0], {"name": "Els"})
        add_attachment(ctx, customers[0], "contract.pdf", b"%PDF-1.4 x")
        for n, customer in enumerate(customers):
            lines = [{"line_type": "subtitle", "description": "Werken"},
                     {"line_type": "product", "product_id": kast, "quantity": n + 1},
                     {"description": "Plaatsing", "quantity": 2, "unit_price": Decimal("45")}]
            invoice = create_document(ctx, "invoice", customer, lines=lines,
                                      issue_date=today - timedelta(days=40 * (5 - n)))
            post_document(ctx, invoice)
            if n == 1:
                apply_payment(ctx, invoice, Decimal("100"))
            if n == 2:
                post_document(ctx, create_credit_note(ctx, invoice))
        quote = create_document(ctx, "quote", customers[0], lines=lines)
        post_document(ctx, quote)
        convert(ctx, quote, "invoice")
        create_document(ctx, "order_confirmation", customers[1], lines=lines)
        create_document(ctx, "delivery_note", customers[2], lines=lines)
        create_document(ctx, "invoice", customers[3])


LINK = re.compile(r'href="(/[^"#]*)')


def test_a_crawl_of_a_demo_company_meets_no_server_error(tenant, client_of, work, activate):
    seed_demo_company(tenant, work, activate)
    client = client_of(tenant)
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 300:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for link in LINK.findall(response.text):
            link = unescape(link)
            if link.startswith(("/static", "/logout", "//")) or link in seen:
                continue
            queue.append(link)
    assert len(seen) > 60
    visited = " ".join(seen)
    for part in ("/customers/", "/documents/invoice", "/documents/credit_note",
                 "/documents/quote", "/apps/products/", "/pdf"):
        assert part in visited, part
