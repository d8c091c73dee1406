"""The work orders pages: plan, add time, invoice; another tenant's work order is never
reachable; planning and "my work today"."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from addons.work_orders.models import LineKind, OrderState, WorkOrder, WorkOrderPhoto
from addons.work_orders.photos import MAX_PHOTO_BYTES
from addons.work_orders.rates import hourly_rate
from addons.work_orders.service import add_time, finish, set_assignees
from addons.work_orders.tests.conftest import DAY
from core.api import Document
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import csrf_token, log_in, post_form


@pytest.fixture
def client(web_client: Any, tenant: Any) -> Any:
    """The owner of the plumber, logged in, in English."""
    return web_client(tenant, language="en")


def test_plan_add_time_finish_and_invoice_through_the_pages(
        facturo_app: Any, tenant: Any, shop: dict[str, int], client: Any) -> None:
    made = post_form(client, "/apps/work_orders/new", {
        "customer_id": str(shop["customer"]), "planned_start": DAY.isoformat(),
        "description": "Boiler ontkalken", "assignee": str(shop["worker"])})
    assert made.status_code == 303
    order_url = made.headers["location"]
    order_id = int(order_url.rsplit("/", 1)[1])
    added = post_form(client, f"{order_url}/lines", {
        "kind": "time", "user_id": str(shop["worker"]), "work_date": DAY.isoformat(),
        "start": "08:00", "end": "09:20"})
    assert added.status_code == 303
    bad = post_form(client, f"{order_url}/lines", {"kind": "km", "km": "zero"},
                    follow_redirects=True)
    assert "Give a number." in bad.text
    assert post_form(client, f"{order_url}/state", {"action": "finish"}).status_code == 303
    page = client.get(order_url)
    assert page.status_code == 200 and "90 minutes" in page.text and "Kerkstraat 1" in page.text
    invoiced = post_form(client, "/apps/work_orders/invoice", {"order": str(order_id)})
    assert invoiced.status_code == 303
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.get(WorkOrder, order_id)
        invoice = ctx.session.get(Document, order.invoice_id)
        assert order.state == OrderState.INVOICED
        assert invoiced.headers["location"] == f"/documents/{invoice.id}"
        assert [line.quantity for line in invoice.lines if line.unit == "HUR"] == [
            Decimal("1.5")]


def test_a_new_prospect_is_made_in_passing(
        facturo_app: Any, tenant: Any, shop: dict[str, int], client: Any) -> None:
    made = post_form(client, "/apps/work_orders/new", {
        "prospect": "Frituur Sofie", "planned_start": DAY.isoformat(),
        "site_street": "Markt 3", "site_postal_code": "9000", "site_city": "Gent"})
    assert made.status_code == 303
    missing = post_form(client, "/apps/work_orders/new", {"planned_start": DAY.isoformat()})
    assert missing.status_code == 400 and "Choose the customer" in missing.text
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.scalars(select(WorkOrder)).one()
        assert order.site_city == "Gent"


def test_another_tenants_work_order_is_never_reachable(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        make_tenant: Any, web_client: Any, signature_png_bytes: bytes) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx)
        add_time(ctx, order, shop["worker"], DAY, minutes=30)
        order_id = order.id
        ctx.session.add(WorkOrderPhoto(order_id=order_id, content_type="image/jpeg",
                                       data=b"x", thumbnail=b"x"))
        ctx.session.flush()
        photo_id = ctx.session.scalars(select(WorkOrderPhoto.id)).one()
    other = make_tenant("Other BV", slug="other", addons=("work_orders",))
    intruder = web_client(other)
    base = f"/apps/work_orders/{order_id}"
    for path in (base, f"{base}/signature.png", f"{base}/pdf",
                 f"{base}/photos/{photo_id}", f"{base}/photos/{photo_id}/thumb"):
        assert intruder.get(path).status_code == 404, path
    for path, data in ((f"{base}/lines", {"kind": "km", "km": "5"}),
                       (f"{base}/state", {"action": "finish"}), (f"{base}/assignees", {}),
                       (f"{base}/link", {}), (f"{base}/sign", {"signer_name": "X"}),
                       (f"{base}/unlock", {}), ("/apps/work_orders/invoice",
                                               {"order": str(order_id)})):
        response = post_form(intruder, path, data)
        assert response.status_code in (303, 404), path
    listing = intruder.get("/apps/work_orders/")
    assert f"/apps/work_orders/{order_id}\"" not in listing.text
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.get(WorkOrder, order_id)
        assert order.state == OrderState.PLANNED and order.invoice_id is None
        assert [line.kind for line in order.lines] == [LineKind.TIME]


def test_planning_week_and_my_work_today(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        web_client: Any, worker: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        earlier = date.today() - timedelta(days=7)
        mine = make_order(ctx, description="Dakgoot herstellen", planned_start=earlier)
        set_assignees(ctx, mine, [shop["worker"]])
        make_order(ctx, description="Niemand ingepland", planned_start=earlier)
        today = make_order(ctx, planned_start=date.today(),
                           description="Vandaag bij de bakker", assignees=[shop["worker"]])
        finish(ctx, today)
    owner = web_client(tenant, language="en")
    week = owner.get(f"/apps/work_orders/planning?week={earlier.isoformat()}")
    assert week.status_code == 200
    assert week.text.count(f'href="/apps/work_orders/{mine.id}"') == 1
    assert "Nobody assigned" in week.text
    employee = web_client()
    log_in(employee, worker.email, TEST_PASSWORD)
    mine_today = employee.get("/apps/work_orders/today")
    assert "Vandaag bij de bakker" in mine_today.text
    assert "Dakgoot" not in mine_today.text and "Niemand" not in mine_today.text
    assert "Vandaag bij de bakker" not in owner.get("/apps/work_orders/today").text


def test_a_photo_is_shrunk_with_a_thumbnail_and_a_big_one_refused(
        facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
        client: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order_id = make_order(ctx).id
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 100, 50)).save(out, "JPEG")
    url = f"/apps/work_orders/{order_id}/photos"
    sent = client.post(url, data={"csrf_token": csrf_token(client)},
                       files={"photo": ("site.jpg", out.getvalue(), "image/jpeg")},
                       follow_redirects=False)
    assert sent.status_code == 303
    too_big = client.post(url, data={"csrf_token": csrf_token(client)},
                          files={"photo": ("huge.jpg", b"\xff" * (MAX_PHOTO_BYTES + 10),
                                           "image/jpeg")}, follow_redirects=True)
    assert "at most 12 MB" in too_big.text
    with facturo_app.tenant_context(tenant.id) as ctx:
        (photo,) = ctx.session.scalars(select(WorkOrderPhoto)).all()
        with Image.open(io.BytesIO(photo.thumbnail)) as thumb:
            assert max(thumb.size) == 240
        with Image.open(io.BytesIO(photo.data)) as kept:
            assert kept.size == (1600, 1200)
    page = client.get(f"/apps/work_orders/{order_id}")
    assert f"/photos/{photo.id}/thumb" in page.text
    assert client.get(f"/apps/work_orders/{order_id}/photos/{photo.id}/thumb").content == \
        photo.thumbnail


def test_an_administrator_sets_the_rates_per_employee_and_per_customer(
        facturo_app: Any, tenant: Any, shop: dict[str, int], client: Any,
        web_client: Any) -> None:
    saved = post_form(client, "/apps/work_orders/rates", {
        f"user_{shop['worker']}": "47.50", "customer_id": str(shop["customer"]),
        "customer_rate": "39"})
    assert saved.status_code == 303
    bad = post_form(client, "/apps/work_orders/rates", {f"user_{shop['worker']}": "-3"},
                    follow_redirects=True)
    assert "cannot be negative" in bad.text
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert hourly_rate(ctx, shop["worker"], None) == Decimal("47.50")
        assert hourly_rate(ctx, shop["worker"], shop["customer"]) == Decimal("39")
    page = client.get("/apps/work_orders/rates")
    assert "Bakkerij Peeters" in page.text and "value=\"47.50\"" in page.text
    member = web_client(tenant, Role.MEMBER)
    assert member.get("/apps/work_orders/rates").status_code == 403


def test_the_pdf_page(facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
                      client: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order_id = make_order(ctx).id
    response = client.get(f"/apps/work_orders/{order_id}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
