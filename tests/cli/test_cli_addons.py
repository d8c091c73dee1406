"""`facturo addons`: the catalogue table, switching on and off, purging with a report."""

from __future__ import annotations

import threading
import time

import pytest
from cli_support import OPEN_REGISTRY, catalogue_of
from sqlalchemy import create_engine, func, select, text

from core.addons.catalogue import Catalogue
from core.addons.errors import AddonLoadError
from core.app import Facturo
from core.tenants.service import find_tenant

SAMPLES = ("sample_base", "sample_child", "sample_grandchild", "sample_other", "sample_glue")


def active_for(slug: str) -> frozenset[str]:
    """The addons on for a tenant, read straight from the test database."""
    app = Facturo(catalogue=catalogue_of(*SAMPLES), registry=OPEN_REGISTRY)
    try:
        with app.tenant_context(find_tenant(app, slug).id) as ctx:
            return ctx.active
    finally:
        app.db.dispose()


def test_list_shows_every_addon_the_tenant_switch_and_the_broken_ones(run_cli):
    catalogue = catalogue_of(*SAMPLES, "sample_bad_manifest", "sample_missing_dep")
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    assert run_cli("addons", "on", "acme", "sample_child", catalogue=catalogue).exit_code == 0
    result = run_cli("addons", "list", "--tenant", "acme", catalogue=catalogue)
    assert result.exit_code == 1, result.output  # broken addons installed: the operator acts
    lines = {line.split()[1]: line for line in result.output.splitlines() if "│ sample_" in line}
    assert set(lines) == set(SAMPLES)
    assert "sample_base" in lines["sample_child"]  # its dependency
    assert lines["sample_child"].rstrip(" │").endswith("on")
    assert lines["sample_other"].rstrip(" │").endswith("off")
    assert "offered" in lines["sample_other"]
    assert "broken: addon 'sample_missing_dep'" in result.output
    assert "broken: addon 'sample_bad_manifest'" in result.output


def test_unknown_addons_and_tenants_are_one_clear_line(run_cli):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    for args in (
        ("addons", "on", "acme", "no_such_addon"),
        ("addons", "off", "acme", "no_such_addon"),
        ("addons", "purge", "acme", "no_such_addon", "--yes"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1
        assert "addon 'no_such_addon': is not installed" in result.output
        assert "Traceback" not in result.output
    result = run_cli("addons", "list", "--tenant", "ghost")
    assert result.exit_code == 1
    assert "no tenant 'ghost'" in result.output


def test_on_with_settings_brings_dependencies_and_checks_the_values(run_cli):
    catalogue = catalogue_of(*SAMPLES)
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    bad = run_cli("addons", "on", "acme", "sample_base", "--set", "limit=many", catalogue=catalogue)
    assert bad.exit_code == 1
    assert "limit: expected a whole number" in bad.output
    assert active_for("acme") == frozenset()
    malformed = run_cli(
        "addons", "on", "acme", "sample_base", "--set", "limit", catalogue=catalogue
    )
    assert malformed.exit_code == 2
    result = run_cli("addons", "on", "acme", "sample_child", catalogue=catalogue)
    assert result.exit_code == 0, result.output
    assert "on for acme: sample_base, sample_child" in result.output
    changed = run_cli(
        "addons", "on", "acme", "sample_base", "--set", "limit=9", catalogue=catalogue
    )
    assert changed.exit_code == 0, changed.output
    assert "settings changed" in changed.output


def test_off_is_refused_naming_dependents_and_cascades_after_confirmation(run_cli):
    catalogue = catalogue_of(*SAMPLES)
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    assert run_cli("addons", "on", "acme", "sample_grandchild", catalogue=catalogue).exit_code == 0

    refused = run_cli("addons", "off", "acme", "sample_base", catalogue=catalogue)
    assert refused.exit_code == 1
    assert "sample_child" in refused.output and "sample_grandchild" in refused.output

    declined = run_cli(
        "addons", "off", "acme", "sample_base", "--cascade", input="n\n", catalogue=catalogue
    )
    assert declined.exit_code == 1
    assert "also switches off" in declined.output and "sample_grandchild" in declined.output
    assert active_for("acme") == {"sample_base", "sample_child", "sample_grandchild"}

    confirmed = run_cli(
        "addons", "off", "acme", "sample_base", "--cascade", input="y\n", catalogue=catalogue
    )
    assert confirmed.exit_code == 0, confirmed.output
    assert "sample_grandchild, sample_child, sample_base" in confirmed.output
    assert active_for("acme") == frozenset()

    again = run_cli("addons", "off", "acme", "sample_base", catalogue=catalogue)
    assert again.exit_code == 0 and "already off" in again.output


def test_off_with_cascade_and_yes_asks_nothing(run_cli):
    catalogue = catalogue_of(*SAMPLES)
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    assert run_cli("addons", "on", "acme", "sample_child", catalogue=catalogue).exit_code == 0
    result = run_cli(
        "addons", "off", "acme", "sample_base", "--cascade", "--yes", catalogue=catalogue
    )
    assert result.exit_code == 0, result.output
    assert active_for("acme") == frozenset()


def greetings_rows(cli_env: dict[str, str]) -> int:
    """Rows of the greetings addon's table, every tenant."""
    app = Facturo()
    try:
        with app.db.session(all_tenants=True) as session:
            return session.scalar(select(func.count()).select_from(text("greetings_messages")))
    finally:
        app.db.dispose()


def test_purge_shows_what_it_deletes_and_asks_first(run_cli, cli_env):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    assert run_cli("addons", "on", "acme", "greetings").exit_code == 0
    rows = greetings_rows(cli_env)
    assert rows > 0

    still_on = run_cli("addons", "purge", "acme", "greetings", "--yes")
    assert still_on.exit_code == 1
    assert "switch it off first" in still_on.output

    assert run_cli("addons", "off", "acme", "greetings").exit_code == 0
    assert greetings_rows(cli_env) == rows  # switching off keeps the data

    declined = run_cli("addons", "purge", "acme", "greetings", input="n\n")
    assert declined.exit_code == 1
    assert "greetings_messages" in declined.output and str(rows) in declined.output
    assert greetings_rows(cli_env) == rows

    purged = run_cli("addons", "purge", "acme", "greetings", input="y\n")
    assert purged.exit_code == 0, purged.output
    assert f"{rows} rows deleted" in purged.output
    assert greetings_rows(cli_env) == 0


def test_list_exits_non_zero_and_names_the_tenants_a_broken_addon_is_on_for(run_cli):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    assert run_cli("tenant", "create", "Beta", "--slug", "beta").exit_code == 0
    good = catalogue_of(*SAMPLES)
    assert run_cli("addons", "on", "acme", "sample_other", catalogue=good).exit_code == 0
    assert run_cli("addons", "list", catalogue=good).exit_code == 0
    # after an upgrade sample_other no longer imports
    broken = Catalogue.load([AddonLoadError("sample_other", "import failed: SyntaxError")])
    result = run_cli("addons", "list", catalogue=broken)
    assert result.exit_code == 1
    assert "broken: addon 'sample_other': import failed: SyntaxError" in result.output
    assert "sample_other is broken and on for: acme;" in result.output
    off = run_cli("addons", "off", "acme", "sample_other", catalogue=broken)
    assert off.exit_code == 0, off.output
    assert "sample_other is broken and on for" not in run_cli(
        "addons", "list", catalogue=broken).output
    assert active_for("acme") == frozenset()


def _hold_the_write_lock(url: str, started: threading.Event, seconds: float) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.exec_driver_sql("UPDATE tenants SET name = name")
            started.set()
            time.sleep(seconds)
            connection.exec_driver_sql("COMMIT")
    finally:
        engine.dispose()


def test_on_waits_for_another_process_writing_and_says_so(run_cli, cli_env):
    url = cli_env["FACTURO_DATABASE_URL"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    catalogue = catalogue_of(*SAMPLES)
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    for addon_id in ("sample_other", "sample_base"):
        started = threading.Event()
        holder = threading.Thread(target=_hold_the_write_lock, args=(url, started, 1.5))
        holder.start()
        started.wait(5)
        result = run_cli("addons", "on", "acme", addon_id, catalogue=catalogue)
        holder.join()
        assert result.exit_code == 0, result.output
        assert "migrated" not in result.output
        assert "waited" in result.output and "another process" in result.output
    assert active_for("acme") == {"sample_other", "sample_base"}
