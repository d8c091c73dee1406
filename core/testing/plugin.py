"""pytest plugin (entry point `pytest11`): fixtures for testing Facturo and its addons.

Every test that uses `facturo_app` runs once per database backend: SQLite and PostgreSQL
(a throwaway cluster started from the machine's `initdb`/`pg_ctl`). Choose backends with
`--facturo-db=sqlite` or `FACTURO_TEST_DATABASES=sqlite`. Each test gets its own migrated
database, copied from a template migrated once per run.

Fixtures: `facturo_app`, `make_tenant`, `tenant`, `activate`, `make_user`, `web_client`,
`facturo_mailbox` (the platform mail the deployment sent), `in_tenant`, `post_invoice` and
`english` (messages in English; request it from an autouse fixture of a conftest to have it
for every test of a folder).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from core.addons.catalogue import Catalogue
from core.addons.registry_file import Registry, load_registry
from core.app import Facturo
from core.config import PlatformMail, Settings
from core.contacts.service import create_customer
from core.context import Context
from core.db.migrate import upgrade
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.i18n import use_language
from core.paths import REGISTRY_FILE
from core.tenants.models import Role, Tenant, User
from core.tenants.service import add_member, create_tenant, create_user
from core.testing.mail import MailCatcher, free_port
from core.testing.postgres import PostgresUnavailable, TemporaryPostgres
from core.testing.web import log_in

BACKENDS = ("sqlite", "postgresql")
TEST_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--facturo-db",
        default=os.environ.get("FACTURO_TEST_DATABASES", ",".join(BACKENDS)),
        help="comma-separated database backends to run Facturo tests on",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres_only: run only on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: run only on SQLite")
    chosen = [b.strip() for b in config.getoption("--facturo-db").split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(BACKENDS))
    if unknown:
        raise pytest.UsageError(
            f"--facturo-db: unknown backend {', '.join(unknown)}; choose from {', '.join(BACKENDS)}"
        )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "facturo_backend" not in metafunc.fixturenames:
        return
    chosen = [b.strip() for b in metafunc.config.getoption("--facturo-db").split(",") if b]
    if metafunc.definition.get_closest_marker("postgres_only"):
        chosen = [b for b in chosen if b == "postgresql"]
    if metafunc.definition.get_closest_marker("sqlite_only"):
        chosen = [b for b in chosen if b == "sqlite"]
    metafunc.parametrize("facturo_backend", chosen, indirect=True, scope="session")


@pytest.fixture(scope="session")
def facturo_backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run: `sqlite` or `postgresql`."""
    return str(request.param)


@pytest.fixture(scope="session")
def facturo_postgres() -> Iterator[TemporaryPostgres]:
    """A throwaway PostgreSQL cluster for the whole run."""
    try:
        server = TemporaryPostgres().start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"!!! PostgreSQL tests SKIPPED: {exc} !!!")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def facturo_catalogue() -> Catalogue:
    """Every addon installed in this environment, loaded once."""
    return Catalogue.load()


@pytest.fixture(scope="session")
def facturo_registry() -> Registry:
    """The project's addon registry, offering every installed addon."""
    return dataclasses.replace(load_registry(REGISTRY_FILE), offered=None)


def _migrate(url: str, catalogue: Catalogue, registry: Registry,
             owner_url: str | None = None) -> None:
    app = Facturo(
        Settings(database_url=url, owner_database_url=owner_url, secret_key="test",
                 registry_file=REGISTRY_FILE),
        catalogue=catalogue,
        registry=registry,
    )
    upgrade(app)
    app.db.dispose()


@pytest.fixture(scope="session")
def facturo_template(
    request: pytest.FixtureRequest,
    facturo_backend: str,
    facturo_catalogue: Catalogue,
    facturo_registry: Registry,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A migrated database to copy for each test: a file path (SQLite) or a database name."""
    if facturo_backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite:///{path}"
        _migrate(url, facturo_catalogue, facturo_registry)
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        engine.dispose()
        return str(path)
    server: TemporaryPostgres = request.getfixturevalue("facturo_postgres")
    server.superuser_sql(f"CREATE DATABASE facturo_template OWNER {server.OWNER}")
    _migrate(server.url("facturo_template"), facturo_catalogue, facturo_registry,
             server.owner_url("facturo_template"))
    return "facturo_template"


@pytest.fixture
def facturo_database_url(
    request: pytest.FixtureRequest, facturo_backend: str, facturo_template: str, tmp_path: Path
) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if facturo_backend == "sqlite":
        path = tmp_path / "facturo.db"
        shutil.copyfile(facturo_template, path)
        yield f"sqlite:///{path}"
        return
    server: TemporaryPostgres = request.getfixturevalue("facturo_postgres")
    name = f"test_{os.getpid()}_{next(_counter)}"
    # as the superuser: dropping WITH (FORCE) may have to stop the cluster's own workers
    # (autovacuum) on the test's database, which the application role may not signal
    admin = create_engine(server.superuser_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(
            f'CREATE DATABASE "{name}" TEMPLATE {facturo_template} OWNER {server.OWNER}'
        ))
    yield server.url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def facturo_mail_server() -> Iterator[MailCatcher | None]:
    """The test deployments' own mail server (platform mail): aiosmtpd on loopback (None
    without aiosmtpd installed: the deployments then have no platform mail)."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        yield None
        return
    catcher = MailCatcher(port=free_port())
    controller = Controller(catcher, hostname=catcher.host, port=catcher.port)
    controller.start()
    yield catcher
    controller.stop()


@pytest.fixture
def facturo_mailbox(facturo_mail_server: MailCatcher | None) -> MailCatcher:
    """The platform mail received during this test (password links, invitations)."""
    if facturo_mail_server is None:
        pytest.skip("aiosmtpd is not installed (pip install 'facturo[test]')")
    facturo_mail_server.received.clear()
    return facturo_mail_server


@pytest.fixture
def facturo_owner_database_url(request: pytest.FixtureRequest, facturo_backend: str,
                               facturo_database_url: str) -> str | None:
    """The test database as the role that owns its tables (None on SQLite: no roles)."""
    if facturo_backend == "sqlite":
        return None
    server: TemporaryPostgres = request.getfixturevalue("facturo_postgres")
    return server.owner_url(facturo_database_url.rsplit("/", 1)[1])


@pytest.fixture
def facturo_settings(facturo_database_url: str, facturo_owner_database_url: str | None,
                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     facturo_mail_server: MailCatcher | None) -> Settings:
    """Settings of a test deployment: its own database and `var/` folder, served (for links
    in e-mails) at the test client's `http://testserver`, its mail to `facturo_mailbox`; the
    application connects as its own role, operator work as the owner."""
    monkeypatch.setenv("FACTURO_VAR_DIR", str(tmp_path / "var"))
    mail = None if facturo_mail_server is None else PlatformMail(
        host=facturo_mail_server.host, port=facturo_mail_server.port,
        from_address="noreply@facturo.test")
    return Settings(database_url=facturo_database_url,
                    owner_database_url=facturo_owner_database_url, secret_key="test-secret",
                    registry_file=REGISTRY_FILE, public_url="http://testserver",
                    platform_mail=mail, trusted_proxies=(), hsts_seconds=0)


@pytest.fixture
def facturo_app(
    facturo_settings: Settings, facturo_catalogue: Catalogue, facturo_registry: Registry
) -> Iterator[Facturo]:
    """A Facturo application on a fresh database with every installed addon available."""
    app = Facturo(facturo_settings, catalogue=facturo_catalogue, registry=facturo_registry)
    yield app
    app.db.dispose()


@pytest.fixture
def make_tenant(facturo_app: Facturo) -> Callable[..., Tenant]:
    """`make_tenant(name, addons=(...), bundle=None)` creates a tenant with addons on."""

    def make(name: str = "Acme", *, addons: tuple[str, ...] = (), bundle: str | None = None,
             slug: str | None = None) -> Tenant:
        tenant = create_tenant(facturo_app, name, slug=slug, bundle=bundle)
        for addon_id in addons:
            facturo_app.addon_manager.switch_on(tenant.id, addon_id)
        return tenant

    return make


@pytest.fixture
def tenant(make_tenant: Callable[..., Tenant]) -> Tenant:
    """A tenant with no addons on."""
    return make_tenant("Tenant A", slug="tenant-a")


@pytest.fixture
def activate(facturo_app: Facturo) -> Callable[..., None]:
    """`activate(tenant, "addon", ...)` switches addons on for a tenant."""

    def switch_on(tenant: Tenant, *addon_ids: str, **settings: Any) -> None:
        for addon_id in addon_ids:
            facturo_app.addon_manager.switch_on(tenant.id, addon_id, settings or None)

    return switch_on


@pytest.fixture
def make_user(facturo_app: Facturo) -> Callable[..., User]:
    """`make_user(tenant, role=Role.OWNER, email=None)` creates a member of a tenant."""

    def make(tenant: Tenant, role: Role = Role.OWNER, email: str | None = None,
             language: str = "nl") -> User:
        email = email or f"user{next(_counter)}@{tenant.slug}.example"
        user = create_user(facturo_app, email, TEST_PASSWORD, name=email.split("@")[0],
                           language=language)
        add_member(facturo_app, tenant.id, user.id, role)
        return user

    return make


@pytest.fixture
def web_client(facturo_app: Facturo, make_user: Callable[..., User]) -> Callable[..., Any]:
    """`web_client(tenant, role=Role.OWNER)`: a logged-in Starlette test client."""
    from starlette.testclient import TestClient

    clients: list[TestClient] = []

    def make(tenant: Tenant | None = None, role: Role = Role.OWNER,
             language: str = "nl") -> TestClient:
        client = TestClient(facturo_app.web, base_url="http://testserver")
        clients.append(client)
        if tenant is not None:
            user = make_user(tenant, role, language=language)
            log_in(client, user.email, TEST_PASSWORD)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English, whatever catalogs are installed (documents keep their language).

    A conftest has it for all its tests with an autouse fixture that asks for it:
    `@pytest.fixture(autouse=True)` / `def _in_english(english: None) -> None: ...`.
    """
    with use_language("en"):
        yield


@pytest.fixture
def in_tenant(facturo_app: Facturo, request: pytest.FixtureRequest
              ) -> Callable[..., AbstractContextManager[Context]]:
    """`with in_tenant(tenant) as ctx:` a committed unit of work of a tenant; without an
    argument, of the test's `tenant` fixture (a conftest may override `tenant`)."""

    def unit_of_work(tenant: Tenant | None = None) -> AbstractContextManager[Context]:
        chosen = tenant if tenant is not None else request.getfixturevalue("tenant")
        return facturo_app.tenant_context(chosen.id)

    return unit_of_work


DEFAULT_LINES = ({"description": "Work", "quantity": Decimal(1), "unit_price": Decimal(100),
                  "vat_rate": Decimal(21)},)


@pytest.fixture
def post_invoice(facturo_app: Facturo) -> Callable[..., Document]:
    """`post_invoice(tenant, lines=..., customer=None, **header)`: a posted invoice in one
    call (a new customer "Customer NV" unless `customer` names one; one line of 100 at 21 %
    unless `lines` are given, as `core.documents.service.create_document` takes them). The
    document comes back detached, with its lines loaded."""
    def post(tenant: Tenant, lines: Iterable[Mapping[str, Any]] = DEFAULT_LINES,
             customer: int | None = None, **header: Any) -> Document:
        with facturo_app.tenant_context(tenant.id) as ctx:
            if customer is None:
                customer = create_customer(ctx, {"name": "Customer NV"}).id
            document = post_document(ctx, create_document(ctx, "invoice", customer,
                                                          lines=lines, **header))
            ctx.session.flush()
            ctx.session.refresh(document)
            lines = list(document.lines)
            ctx.session.expunge(document)
            for line in lines:  # unless the relationship's cascade took them along
                if line in ctx.session:
                    ctx.session.expunge(line)
        return document

    return post
