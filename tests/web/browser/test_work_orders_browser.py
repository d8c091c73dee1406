"""In Chromium on a 390 px wide phone: plan a work order, add time, let the customer sign on
the canvas and invoice it; a form that loses its connection keeps what was typed and sends
it when the connection is back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from addons.work_orders.models import LineKind, OrderState, WorkOrder
from addons.work_orders.service import create_order, start
from core.contacts.service import create_customer
from core.documents.models import Document
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page on a 390 px wide touch screen, failing the test on any console error but the
    failed request of a network cut on purpose."""
    context = browser.new_context(locale="en-BE", viewport=PHONE, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    errors = [text for text in errors if "ERR_INTERNET_DISCONNECTED" not in text]
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def plumber(facturo_app: Any, make_tenant: Any, make_user: Any) -> dict[str, Any]:
    """A plumber with work orders on, its owner (in English) and a customer."""
    tenant = make_tenant("Loodgieterij Maes", addons=("work_orders",))
    user = make_user(tenant, Role.OWNER, language="en")
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        customer = create_customer(ctx, {"name": "Bakkerij Peeters", "street": "Kerkstraat 1",
                                         "postal_code": "2000", "city": "Antwerpen"})
        return {"tenant": tenant, "email": user.email, "user_id": user.id,
                "customer": customer.id}


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def sign_on_canvas(page: Any) -> None:
    canvas = page.locator("canvas[data-signature]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 100 - (step % 3) * 30)
    page.mouse.up()


def test_on_a_phone_plan_add_time_sign_and_invoice(
        facturo_app: Any, serve: Any, phone: Any, plumber: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    base = serve(facturo_app)
    log_in(phone, base, plumber["email"])
    phone.goto(f"{base}/apps/work_orders/new")
    phone.get_by_label("Customer", exact=True).select_option(label="Bakkerij Peeters")
    phone.get_by_label("Job description").fill("Lek onder de gootsteen")
    phone.get_by_role("button", name="Plan the work order").click()
    expect(phone.locator(".state")).to_have_text("planned")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="Start").click()
    expect(phone.locator(".state")).to_have_text("in progress")
    phone.get_by_label("From").fill("08:00")
    phone.get_by_label("Until").fill("09:20")
    phone.get_by_role("button", name="Add the time").click()
    expect(phone.locator("tr.line-time")).to_contain_text("90 minutes")
    phone.get_by_role("button", name="Done").click()
    expect(phone.locator(".state")).to_have_text("done")
    phone.get_by_label("Name of the person who signs").fill("Piet Peeters")
    sign_on_canvas(phone)
    phone.get_by_role("button", name="Sign", exact=True).click()
    expect(phone.locator(".state")).to_have_text("signed")
    expect(phone.get_by_text("Signed by Piet Peeters")).to_be_visible()
    phone.goto(f"{base}/apps/work_orders/")
    phone.locator("input[name=order]").check()
    phone.get_by_role("button", name="Invoice the ticked work orders").click()
    phone.wait_for_url(f"{base}/documents/*")
    with facturo_app.tenant_context(plumber["tenant"].id) as ctx:
        order = ctx.session.scalars(select(WorkOrder)).one()
        invoice = ctx.session.get(Document, order.invoice_id)
        assert order.state == OrderState.INVOICED and order.signer_name == "Piet Peeters"
        assert order.signature_png.startswith(b"\x89PNG")
        assert [(line.description, str(line.quantity)) for line in invoice.lines
                if line.unit == "HUR"] == [(f"Werkuren – {plumber['email'].split('@')[0]}",
                                            "1.5000")]


def test_a_form_keeps_what_was_typed_offline_and_sends_it_when_back(
        facturo_app: Any, serve: Any, phone: Any, plumber: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    with facturo_app.tenant_context(plumber["tenant"].id) as ctx:
        order = create_order(ctx, plumber["customer"], planned_start=date.today(),
                             assignees=[plumber["user_id"]])
        order_id = start(ctx, order).id
    base = serve(facturo_app)
    log_in(phone, base, plumber["email"])
    url = f"{base}/apps/work_orders/{order_id}"
    phone.goto(url)
    phone.get_by_label("From").fill("13:00")
    phone.get_by_label("Until").fill("15:45")
    phone.get_by_label("What was done").fill("Boiler ontkalkt")
    phone.reload()  # typed, not sent: still there
    expect(phone.get_by_label("What was done")).to_have_value("Boiler ontkalkt")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Add the time").click()
    expect(phone.locator("[data-offline-note]").first).to_be_visible()
    with facturo_app.tenant_context(plumber["tenant"].id) as ctx:
        assert ctx.session.get(WorkOrder, order_id).lines == []
    phone.context.set_offline(False)
    expect(phone.locator("tr.line-time")).to_contain_text("165 minutes")
    with facturo_app.tenant_context(plumber["tenant"].id) as ctx:
        lines = ctx.session.get(WorkOrder, order_id).lines
        assert [(line.kind, line.minutes, line.description) for line in lines] == [
            (LineKind.TIME, 165, "Boiler ontkalkt")]
