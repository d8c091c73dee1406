"""A third-party addon installed with pip (tests/addon_packages/facturo-greetings)."""

from __future__ import annotations

from facturo_greetings.models import Greeting
from sqlalchemy import func, select

from core.contacts.models import Contact


def greetings_of(app, tenant):
    with app.db.session(tenant.id) as session:
        return session.scalars(select(Greeting.text).order_by(Greeting.id)).all()


def test_switched_on_for_one_tenant_only(facturo_app, make_tenant):
    a, b = make_tenant("Alpha", slug="alpha"), make_tenant("Beta", slug="beta")
    assert facturo_app.registry.is_offered("greetings")
    facturo_app.addon_manager.switch_on(a.id, "greetings", {"salutation": "Dag"})
    for tenant in (a, b):
        with facturo_app.tenant_context(tenant.id) as ctx:
            ctx.call("contact_saved", contact=Contact(name="Jan"), created=True)
    assert greetings_of(facturo_app, a) == ["Welcome", "Dag Jan"]
    assert greetings_of(facturo_app, b) == []


def test_switching_off_keeps_the_rows_and_on_again_brings_them_back(facturo_app, tenant):
    manager = facturo_app.addon_manager
    manager.switch_on(tenant.id, "greetings")
    manager.switch_off(tenant.id, "greetings")
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert not ctx.is_active("greetings")
        ctx.call("contact_saved", contact=Contact(name="Piet"), created=True)
        assert ctx.session.scalar(select(func.count()).select_from(Greeting)) == 1
    manager.switch_on(tenant.id, "greetings")
    assert greetings_of(facturo_app, tenant) == ["Welcome"]  # not seeded twice


def test_purge_shows_what_it_deletes_then_deletes_only_that_tenant(facturo_app, make_tenant):
    a, b = make_tenant("Alpha", slug="alpha"), make_tenant("Beta", slug="beta")
    manager = facturo_app.addon_manager
    for tenant in (a, b):
        manager.switch_on(tenant.id, "greetings")
    assert manager.purge_report(a.id, "greetings") == {"greetings_messages": 1}
    manager.switch_off(a.id, "greetings")
    assert manager.purge(a.id, "greetings") == {"greetings_messages": 1}
    assert greetings_of(facturo_app, a) == []
    assert greetings_of(facturo_app, b) == ["Welcome"]


def test_its_route_answers_for_the_tenant_where_it_is_on_and_404_elsewhere(
    facturo_app, make_tenant, web_client
):
    a, b = make_tenant("Alpha", slug="alpha"), make_tenant("Beta", slug="beta")
    facturo_app.addon_manager.switch_on(a.id, "greetings")
    alpha, beta = web_client(a), web_client(b)
    answer = alpha.get("/apps/greetings/")
    assert answer.status_code == 200 and answer.text == "Welcome"
    assert beta.get("/apps/greetings/").status_code == 404
    facturo_app.addon_manager.switch_off(a.id, "greetings")
    assert alpha.get("/apps/greetings/").status_code == 404
