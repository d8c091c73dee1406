"""Per-tenant hook dispatch and error isolation."""

from __future__ import annotations

import pytest
from sample_child import hooks as child_hooks
from sqlalchemy import select

from core.addons.errors import HookError
from core.tenants.models import User
from core.tenants.service import create_tenant, create_user


@pytest.fixture(autouse=True)
def _reset_failures():
    yield
    child_hooks.FAIL.update({"document_posted": False, "ui_slot": False})


def test_hooks_reach_only_the_tenants_active_addons(make_sample_app):
    app = make_sample_app()
    with_child = create_tenant(app, "With child")
    with_base = create_tenant(app, "With base")
    app.addon_manager.switch_on(with_child.id, "sample_child")
    app.addon_manager.switch_on(with_base.id, "sample_base")
    with app.tenant_context(with_child.id) as ctx:
        assert ctx.call("number_pattern", sequence=None) == "CHILD(3)"  # dependent wins
    with app.tenant_context(with_base.id) as ctx:
        assert ctx.call("number_pattern", sequence=None) == "BASE(3)"
    nobody = create_tenant(app, "Nothing on")
    with app.tenant_context(nobody.id) as ctx:
        assert ctx.call("number_pattern", sequence=None) is None


def test_tenants_with_the_same_addons_share_one_manager(make_sample_app):
    app = make_sample_app()
    first, second = create_tenant(app, "One"), create_tenant(app, "Two")
    for tenant in (first, second):
        app.addon_manager.switch_on(tenant.id, "sample_other")
    with app.tenant_context(first.id) as a, app.tenant_context(second.id) as b:
        assert a.hooks is b.hooks


def test_a_hook_that_raises_during_a_write_leaves_no_row(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Rollback")
    app.addon_manager.switch_on(tenant.id, "sample_child")
    child_hooks.FAIL["document_posted"] = True
    with pytest.raises(HookError) as failure, app.tenant_context(tenant.id) as ctx:
        ctx.session.add(User(email="ghost@example.test", password_hash="x"))
        ctx.session.flush()
        ctx.call("document_posted", document=None)
    assert failure.value.addon_id == "sample_child"
    assert failure.value.hook == "document_posted"
    assert "child refuses" in str(failure.value)
    with app.db.session() as session:
        assert session.scalar(select(User).where(User.email == "ghost@example.test")) is None


def test_a_ui_fragment_that_raises_is_left_out(make_sample_app, caplog):
    app = make_sample_app()
    tenant = create_tenant(app, "Panels")
    app.addon_manager.switch_on(tenant.id, "sample_child")
    app.addon_manager.switch_on(tenant.id, "sample_other")
    with app.tenant_context(tenant.id) as ctx:
        assert {a for a, _ in ctx.fragments("ui_slot", name="x", obj=None)} == {
            "sample_child", "sample_other"}
        child_hooks.FAIL["ui_slot"] = True
        fragments = ctx.fragments("ui_slot", name="x", obj=None)
    assert fragments == [("sample_other", "<p>other x</p>")]
    assert "sample_child" in caplog.text and "broken panel" in caplog.text


def test_creating_a_user_still_works_after_a_failed_hook(make_sample_app):
    app = make_sample_app()
    user = create_user(app, "Real@Example.test", "long enough password")
    assert user.email == "real@example.test"
