"""A failing or broken app, as a user sees it: which app, and that nothing was saved."""

from __future__ import annotations

import pytest
from sample_child import hooks as child_hooks
from sqlalchemy import select
from starlette.testclient import TestClient

from core.addons.catalogue import Catalogue
from core.addons.errors import AddonLoadError
from core.app import Facturo
from core.contacts.models import Contact
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.service import create_document
from core.tenants.service import create_tenant
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import log_in, post_form


@pytest.fixture
def failing_child():
    child_hooks.FAIL["document_posted"] = True
    yield
    child_hooks.FAIL["document_posted"] = False


def _client(app: Facturo, user) -> TestClient:
    client = TestClient(app.web, raise_server_exceptions=False)
    log_in(client, user.email, TEST_PASSWORD)
    return client


def _draft(app: Facturo, tenant_id: int) -> int:
    with app.tenant_context(tenant_id) as ctx:
        customer = Contact(number="C1", name="Garage Peeters", country="BE", language="nl")
        ctx.session.add(customer)
        ctx.session.flush()
        return create_document(ctx, "invoice", customer.id, lines=[
            LineData(description="Band", quantity=1, unit_price="80.00", vat_rate=21)]).id


@pytest.mark.sqlite_only
@pytest.mark.parametrize("language, words", [
    ("en", ("The app Child failed, so nothing was saved.",)),
    ("nl", ("De app Child liep fout, dus er is niets bewaard.",)),
    ("fr", ("L’application Child a échoué : rien n’a été enregistré.",)),
])
def test_a_failing_hook_names_the_app_and_says_nothing_was_saved(
        shell_app, member_of, failing_child, caplog, language, words):
    tenant = create_tenant(shell_app, "Garage")
    shell_app.addon_manager.switch_on(tenant.id, "sample_child")
    client = _client(shell_app, member_of(shell_app, tenant, language=language))
    draft_id = _draft(shell_app, tenant.id)
    answer = post_form(client, f"/documents/{draft_id}/post")
    assert answer.status_code == 500
    for expected in words:
        assert expected in answer.text
    assert "child refuses" not in answer.text and "Traceback" not in answer.text
    assert "child refuses" in caplog.text  # the detail is in the log
    with shell_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.scalars(select(Document.number)).all() == [None]


@pytest.mark.sqlite_only
def test_the_apps_page_warns_about_a_broken_app_that_is_on(shell_app, member_of):
    tenant = create_tenant(shell_app, "Garage")
    shell_app.addon_manager.switch_on(tenant.id, "sample_other")
    user = member_of(shell_app, tenant)
    draft_id = _draft(shell_app, tenant.id)
    broken = Facturo(
        shell_app.settings,
        catalogue=Catalogue.load([AddonLoadError("sample_other", "import failed: boom")]),
        registry=shell_app.registry,
    )
    try:
        client = _client(broken, user)
        page = client.get("/settings/apps")
        assert page.status_code == 200
        assert "The app sample_other is switched on but cannot be loaded." in page.text
        assert "boom" not in page.text
        refused = post_form(client, f"/documents/{draft_id}/post")
        assert refused.status_code == 500
        assert "The app sample_other failed, so nothing was saved." in refused.text
    finally:
        broken.db.dispose()
