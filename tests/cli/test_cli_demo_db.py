"""`facturo demo` (idempotent seed), `facturo db` and the addon command hook."""

from __future__ import annotations

from cli_support import catalogue_of
from sqlalchemy import func, select, text

from core.addons.registry_file import Bundle, Registry
from core.app import Facturo
from core.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SEEDERS, DEMO_SLUG
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.service import authenticate, find_tenant


def test_demo_creates_a_tenant_and_owner_once_and_prints_the_login(run_cli, cli_env):
    seen: list[str] = []
    DEMO_SEEDERS.append(lambda app, tenant: seen.append(tenant.slug))
    try:
        first = run_cli("demo")
        second = run_cli("demo")
    finally:
        DEMO_SEEDERS.pop()
    for result in (first, second):
        assert result.exit_code == 0, result.output
        assert "http://127.0.0.1:8000" in result.output
        assert DEMO_EMAIL in result.output and DEMO_PASSWORD in result.output
    assert seen == [DEMO_SLUG, DEMO_SLUG]
    app = Facturo()
    try:
        with app.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Tenant)) == 1
            assert session.scalar(select(func.count()).select_from(User)) == 1
            assert session.scalars(select(Membership.role)).all() == [Role.OWNER]
        assert find_tenant(app, DEMO_SLUG).name == "Demo BV"
        assert authenticate(app, DEMO_EMAIL, DEMO_PASSWORD) is not None
    finally:
        app.db.dispose()


def test_demo_switches_on_the_default_bundle(run_cli):
    starter = Bundle("starter", "Starter", ("sample_child",))
    registry = Registry(offered=None, bundles={"starter": starter}, default_bundle="starter")
    catalogue = catalogue_of("sample_base", "sample_child", "sample_other")
    for _ in range(2):
        result = run_cli("demo", catalogue=catalogue, registry=registry)
        assert result.exit_code == 0, result.output
        assert "Apps on: sample_base, sample_child" in result.output


def test_db_upgrade_on_a_migrated_database_changes_nothing(run_cli):
    result = run_cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "database up to date" in result.output


def test_db_check_reports_a_table_the_models_do_not_know(run_cli, cli_env):
    app = Facturo()
    try:
        with app.db.owner_engine.begin() as connection:
            connection.execute(text("CREATE TABLE stray_leftover (id INTEGER PRIMARY KEY)"))
    finally:
        app.db.dispose()
    result = run_cli("db", "check")
    assert result.exit_code == 1
    assert "remove_table stray_leftover" in result.output


def test_db_revision_for_an_unknown_addon_is_refused(run_cli):
    result = run_cli("db", "revision", "-m", "nothing", "--addon", "no_such_addon")
    assert result.exit_code == 1
    assert "addon 'no_such_addon': is not installed" in result.output


def test_an_unmigrated_database_gets_a_hint_not_a_traceback(run_cli, cli_env, tmp_path):
    env_url = cli_env["FACTURO_DATABASE_URL"]
    if not env_url.startswith("sqlite"):
        return
    cli_env["FACTURO_DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run_cli("tenant", "list")
    assert result.exit_code == 1
    assert "facturo db upgrade" in result.output
    assert "Traceback" not in result.output


def test_addons_add_commands_and_a_failing_one_is_left_out(run_cli, capsys):
    catalogue = catalogue_of("cli_hello", "cli_broken")
    assert run_cli("tenant", "create", "Bakkerij Peeters", "--slug", "peeters").exit_code == 0
    result = run_cli("hello", "peeters", catalogue=catalogue)
    assert result.exit_code == 0, result.output
    assert "hello Bakkerij Peeters" in result.output
    assert "addon 'cli_broken': its commands are left out" in capsys.readouterr().err


def test_jobs_run_where_their_addon_is_on_and_failures_exit_1(run_cli):
    from cli_hello.hooks import RAN

    catalogue = catalogue_of("cli_hello", "cli_broken")
    for slug in ("peeters", "janssens"):
        assert run_cli("tenant", "create", slug.title(), "--slug", slug).exit_code == 0
    assert run_cli("addons", "on", "peeters", "cli_hello", catalogue=catalogue).exit_code == 0
    listed = run_cli("jobs", "list", catalogue=catalogue)
    assert "cli_hello.wave" in listed.output and "cli_broken.explode" in listed.output

    RAN.clear()
    first = run_cli("jobs", "run", catalogue=catalogue)
    assert first.exit_code == 0, first.output
    assert "1 job runs, 0 failed" in first.output
    assert len(RAN) == 1
    assert "0 job runs" in run_cli("jobs", "run", catalogue=catalogue).output
    forced = run_cli("jobs", "run", "--force", "--tenant", "peeters", catalogue=catalogue)
    assert "1 job runs" in forced.output and len(RAN) == 2

    assert run_cli("addons", "on", "janssens", "cli_broken", catalogue=catalogue).exit_code == 0
    broken = run_cli("jobs", "run", "--job", "explode", catalogue=catalogue)
    assert broken.exit_code == 1
    assert "cli_broken.explode failed" in broken.output and "the job broke" in broken.output
