"""Fixtures of the web shell's tests: an app with the sample addons, logged-in clients."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.app import Facturo
from core.context import Context
from core.tenants.models import Role, Tenant, User
from core.tenants.service import add_member, create_tenant, create_user
from core.testing.plugin import TEST_PASSWORD
from core.testing.web import log_in

WEB_ADDONS = Path(__file__).parent / "web_addons"
if str(WEB_ADDONS) not in sys.path:
    sys.path.insert(0, str(WEB_ADDONS))

SHELL_SAMPLES = ("sample_base", "sample_child", "sample_grandchild", "sample_other",
                 "sample_glue", "sample_web")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compile core's catalogs when a `.po` is newer than its `.mo` (as `make i18n` does)."""
    from core.i18n import I18N_DIR
    from core.i18n_tools import compile_all

    for po_path in I18N_DIR.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            compile_all([I18N_DIR])
            return


@pytest.fixture
def shell_app(make_sample_app: Callable[..., Facturo]) -> Facturo:
    """An app whose catalogue holds the sample addons, the web sample among them."""
    return make_sample_app(*SHELL_SAMPLES)


@pytest.fixture
def member_of() -> Callable[..., User]:
    """`member_of(app, tenant, role, email=None, language="en")`: a user of a tenant."""
    counter = iter(range(1, 10_000))

    def make(app: Facturo, tenant: Tenant, role: Role = Role.OWNER, email: str | None = None,
             language: str = "en") -> User:
        email = email or f"person{next(counter)}@{tenant.slug}.example"
        user = create_user(app, email, TEST_PASSWORD, name=email.split("@")[0],
                           language=language)
        add_member(app, tenant.id, user.id, role)
        return user

    return make


@pytest.fixture
def shell_client(
    shell_app: Facturo, member_of: Callable[..., User]
) -> Callable[..., tuple[TestClient, Tenant, User]]:
    """`shell_client(role=OWNER, addons=(), language="en")`: a logged-in client of a tenant."""
    clients: list[TestClient] = []

    def make(role: Role = Role.OWNER, addons: tuple[str, ...] = (), language: str = "en",
             tenant: Tenant | None = None) -> tuple[TestClient, Tenant, User]:
        if tenant is None:
            tenant = create_tenant(shell_app, f"Company {len(clients) + 1}")
        for addon_id in addons:
            shell_app.addon_manager.switch_on(tenant.id, addon_id)
        user = member_of(shell_app, tenant, role, language=language)
        client = TestClient(shell_app.web)
        clients.append(client)
        log_in(client, user.email, TEST_PASSWORD)
        return client, tenant, user

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def work(facturo_app: Facturo) -> Callable[..., Any]:
    """`with work(tenant) as ctx:` a committed unit of work of a tenant, as its owner."""

    @contextmanager
    def unit(tenant: Tenant, language: str = "en") -> Iterator[Context]:
        with facturo_app.tenant_context(tenant.id, role=Role.OWNER, language=language) as ctx:
            yield ctx

    return unit


@pytest.fixture
def client_of(web_client: Callable[..., Any]) -> Callable[..., Any]:
    """`client_of(tenant, role=OWNER, language="en")`: a logged-in test client."""

    def make(tenant: Tenant, role: Role = Role.OWNER, language: str = "en") -> Any:
        return web_client(tenant, role, language=language)

    return make
