"""Signing on the screen and through a link: locked once signed, the link works once and
only until it expires, an unlock is audit-logged and clears the signature."""

from __future__ import annotations

import base64
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from addons.work_orders.models import OrderState, SigningLink, WorkOrder
from addons.work_orders.service import WorkOrderError, add_km, add_time, start
from addons.work_orders.signing import make_link_token, now, sign, signature_png, unlock
from addons.work_orders.tests.conftest import DAY
from core.api import Contact, OutboxMessage
from core.audit.models import AuditEntry
from core.tenants.models import Role
from core.testing.web import post_form


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.fixture
def order_id(facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any) -> int:
    """An order in progress with an hour of work."""
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx)
        add_time(ctx, order, shop["worker"], DAY, minutes=60)
        return start(ctx, order).id


def test_a_signed_order_keeps_the_strokes_name_time_and_ip_and_is_locked(
        facturo_app: Any, tenant: Any, order_id: int, signature_png_bytes: bytes) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        png = signature_png(data_url(signature_png_bytes))
        order = sign(ctx, order_id, name=" Piet Peeters ", png=png, ip="192.0.2.7")
        assert (order.state, order.signer_name, order.signer_ip) == (
            OrderState.SIGNED, "Piet Peeters", "192.0.2.7")
        assert order.signature_png == signature_png_bytes and order.locked
        assert abs(order.signed_at - now()) < timedelta(minutes=1)
        with pytest.raises(WorkOrderError, match="can no longer change: it is signed"):
            add_km(ctx, order, 5)
        with pytest.raises(WorkOrderError, match="signed cannot be signed"):
            sign(ctx, order, name="X", png=png, ip="")


def test_a_blank_or_broken_signature_is_refused(signature_png_bytes: bytes) -> None:
    blank = blank_png()
    with pytest.raises(WorkOrderError, match="Sign in the box first"):
        signature_png(data_url(blank))
    with pytest.raises(WorkOrderError, match="Sign in the box first"):
        signature_png("")
    with pytest.raises(WorkOrderError, match="could not be read"):
        signature_png("data:image/png;base64," + base64.b64encode(b"not a png").decode())


def blank_png() -> bytes:
    """A canvas nobody drew on."""
    out = io.BytesIO()
    Image.new("RGBA", (50, 20), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def test_unlocking_is_audit_logged_and_clears_the_signature(
        facturo_app: Any, tenant: Any, order_id: int, signature_png_bytes: bytes) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        sign(ctx, order_id, name="Piet Peeters", png=signature_png_bytes, ip="192.0.2.7")
        order = unlock(ctx, order_id)
        assert (order.state, order.signer_name, order.signature_png, order.signed_at) == (
            OrderState.IN_PROGRESS, None, None, None)
        entry = ctx.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "work_order.unlocked")).one()
        assert (entry.object_id, entry.details["signer_name"]) == (order_id, "Piet Peeters")
        with pytest.raises(WorkOrderError, match="Only a signed work order"):
            unlock(ctx, order_id)


def test_only_an_administrator_unlocks(
        facturo_app: Any, tenant: Any, order_id: int, signature_png_bytes: bytes,
        web_client: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        sign(ctx, order_id, name="Piet", png=signature_png_bytes, ip="192.0.2.7")
    member = web_client(tenant, Role.MEMBER)
    assert post_form(member, f"/apps/work_orders/{order_id}/unlock").status_code == 403
    owner = web_client(tenant, Role.OWNER)
    assert post_form(owner, f"/apps/work_orders/{order_id}/unlock").status_code == 303
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.get(WorkOrder, order_id).state == OrderState.IN_PROGRESS


def link_path(facturo_app: Any, tenant: Any, order_id: int) -> str:
    with facturo_app.tenant_context(tenant.id) as ctx:
        return f"/apps/work_orders/sign/{make_link_token(ctx, order_id)}"


def test_the_link_shows_the_order_without_login_and_is_refused_after_use(
        facturo_app: Any, tenant: Any, order_id: int, signature_png_bytes: bytes,
        web_client: Any) -> None:
    path = link_path(facturo_app, tenant, order_id)
    visitor = web_client()  # nobody logged in
    page = visitor.get(path)
    assert page.status_code == 200 and "Lek onder de gootsteen" in page.text
    signed = post_form(visitor, path, {"signer_name": "Piet Peeters",
                                       "signature": data_url(signature_png_bytes)},
                       headers={"X-Forwarded-For": "198.51.100.4"})
    # the page speaks the customer's language (Dutch)
    assert signed.status_code == 200 and "is ondertekend" in signed.text
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.get(WorkOrder, order_id)
        assert (order.state, order.signer_name) == (OrderState.SIGNED, "Piet Peeters")
    again = visitor.get(path)
    assert again.status_code == 410 and "al gebruikt" in again.text
    replay = post_form(visitor, path, {"signer_name": "Mallory",
                                       "signature": data_url(signature_png_bytes)})
    assert replay.status_code == 410
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.get(WorkOrder, order_id).signer_name == "Piet Peeters"


def test_the_link_is_refused_after_expiry_and_when_forged(
        facturo_app: Any, tenant: Any, order_id: int, signature_png_bytes: bytes,
        web_client: Any) -> None:
    path = link_path(facturo_app, tenant, order_id)
    with facturo_app.tenant_context(tenant.id) as ctx:
        link = ctx.session.scalars(select(SigningLink)).one()
        link.expires_at = now() - timedelta(seconds=1)
    visitor = web_client()
    expired = post_form(visitor, path, {"signer_name": "Piet",
                                        "signature": data_url(signature_png_bytes)})
    assert expired.status_code == 410 and "verlopen" in expired.text
    forged = re.sub(r"\.[^.]+$", ".AAAAAAAA", path)
    assert visitor.get(forged).status_code == 410
    assert "niet geldig" in visitor.get(forged, headers={"Accept-Language": "nl"}).text
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.get(WorkOrder, order_id).state == OrderState.IN_PROGRESS


def test_the_link_of_a_tenant_that_switched_the_addon_off_is_not_found(
        facturo_app: Any, tenant: Any, order_id: int, web_client: Any) -> None:
    path = link_path(facturo_app, tenant, order_id)
    facturo_app.addon_manager.switch_off(tenant.id, "work_orders")
    assert web_client().get(path).status_code == 404


def test_the_link_is_e_mailed_to_the_customer(
        facturo_app: Any, tenant: Any, shop: dict[str, int], order_id: int,
        web_client: Any) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        ctx.session.get(Contact, shop["customer"]).email = "bakker@peeters.example"
    owner = web_client(tenant, language="en")
    assert post_form(owner, f"/apps/work_orders/{order_id}/link").status_code == 303
    with facturo_app.tenant_context(tenant.id) as ctx:
        (message,) = ctx.session.scalars(select(OutboxMessage)).all()
    assert message.to == ["bakker@peeters.example"]
    path = re.search(r"/apps/work_orders/sign/\S+", message.body_text).group(0)
    assert web_client().get(path).status_code == 200
