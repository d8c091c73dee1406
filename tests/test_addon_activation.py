"""Switching addons on and off per tenant: dependencies, glue, refusals, data kept."""

from __future__ import annotations

import pytest
from sample_base import hooks as base_hooks

from core.addons.errors import DependentsActive, NotOffered, SettingsError
from core.addons.registry_file import Registry
from core.tenants.service import create_tenant


def active(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        return ctx.active


def test_switching_on_brings_dependencies_in_order(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    change = app.addon_manager.switch_on(tenant.id, "sample_grandchild")
    assert change.switch_on == ("sample_base", "sample_child", "sample_grandchild")
    assert active(app, tenant.id) == {"sample_base", "sample_child", "sample_grandchild"}


def test_switching_off_a_dependency_is_refused_naming_dependents(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    app.addon_manager.switch_on(tenant.id, "sample_grandchild")
    with pytest.raises(DependentsActive) as refused:
        app.addon_manager.switch_off(tenant.id, "sample_base")
    assert "sample_child" in str(refused.value) and "sample_grandchild" in str(refused.value)
    assert active(app, tenant.id) == {"sample_base", "sample_child", "sample_grandchild"}
    change = app.addon_manager.switch_off(tenant.id, "sample_base", cascade=True)
    assert change.switch_off == ("sample_grandchild", "sample_child", "sample_base")
    assert active(app, tenant.id) == frozenset()


def test_auto_install_glue_follows_its_dependencies(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    app.addon_manager.switch_on(tenant.id, "sample_child")
    assert "sample_glue" not in active(app, tenant.id)
    change = app.addon_manager.switch_on(tenant.id, "sample_other")
    assert "sample_glue" in change.switch_on
    assert "sample_glue" in active(app, tenant.id)
    app.addon_manager.switch_off(tenant.id, "sample_other")
    assert active(app, tenant.id) == {"sample_base", "sample_child"}


def test_lifecycle_hooks_run_once_after_commit(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    base_hooks.CALLS.clear()
    app.addon_manager.switch_on(tenant.id, "sample_base")
    app.addon_manager.switch_on(tenant.id, "sample_base")  # already on: nothing more
    assert [("activated", tenant.id)] == base_hooks.CALLS
    assert app.addon_manager.run_pending(tenant.id) == []
    app.addon_manager.switch_off(tenant.id, "sample_base")
    assert [("activated", tenant.id), ("deactivated", tenant.id)] == base_hooks.CALLS


def test_settings_are_validated_by_type_and_by_the_addon(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    app.addon_manager.switch_on(tenant.id, "sample_base", {"limit": "7"})
    with app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_base") == {"greeting": "hello", "limit": 7}
    with pytest.raises(SettingsError, match="limit: expected a whole number"):
        app.addon_manager.configure(tenant.id, "sample_base", {"limit": "many"})
    with pytest.raises(SettingsError, match="limit: at most 100"):
        app.addon_manager.configure(tenant.id, "sample_base", {"limit": 1000})
    with pytest.raises(SettingsError, match="colour: unknown setting"):
        app.addon_manager.configure(tenant.id, "sample_base", {"colour": "red"})
    with app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_base")["limit"] == 7


def test_settings_survive_switching_off_and_on(make_sample_app):
    app = make_sample_app()
    tenant = create_tenant(app, "Brewery")
    app.addon_manager.switch_on(tenant.id, "sample_base", {"greeting": "dag"})
    app.addon_manager.switch_off(tenant.id, "sample_base")
    app.addon_manager.switch_on(tenant.id, "sample_base")
    with app.tenant_context(tenant.id) as ctx:
        assert ctx.addon_settings("sample_base")["greeting"] == "dag"


def test_an_addon_not_offered_cannot_be_switched_on(make_sample_app):
    registry = Registry(offered=frozenset({"sample_other"}), bundles={}, default_bundle=None)
    app = make_sample_app(registry=registry)
    tenant = create_tenant(app, "Brewery")
    with pytest.raises(NotOffered, match="sample_base"):
        app.addon_manager.switch_on(tenant.id, "sample_child")
    app.addon_manager.switch_on(tenant.id, "sample_other")
    assert active(app, tenant.id) == {"sample_other"}


def test_activation_is_per_tenant(make_sample_app):
    app = make_sample_app()
    first = create_tenant(app, "First")
    second = create_tenant(app, "Second")
    app.addon_manager.switch_on(first.id, "sample_other")
    assert active(app, first.id) == {"sample_other"}
    assert active(app, second.id) == frozenset()
