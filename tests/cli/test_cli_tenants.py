"""`facturo tenant`: creating tenants with owners, listing them, adding users."""

from __future__ import annotations

from sqlalchemy import select

from core.app import Facturo
from core.tenants.models import Membership, Role, Tenant, User
from core.tenants.service import authenticate

PASSWORD = "s3cret-enough"


def app_on(cli_env: dict[str, str]) -> Facturo:
    """An application on the database the commands used."""
    return Facturo()


def test_create_a_tenant_with_its_owner_and_list_it(run_cli, cli_env):
    result = run_cli(
        "tenant",
        "create",
        "Bakkerij Peeters",
        "--owner-email",
        "Jan@Peeters.be",
        "--owner-password",
        PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert "bakkerij-peeters" in result.output
    app = app_on(cli_env)
    try:
        owner = authenticate(app, "jan@peeters.be", PASSWORD)
        assert owner is not None
        with app.db.session() as session:
            role = session.scalar(select(Membership.role).where(Membership.user_id == owner.id))
        assert role is Role.OWNER
    finally:
        app.db.dispose()

    listed = run_cli("tenant", "list")
    assert listed.exit_code == 0, listed.output
    assert "Bakkerij Peeters" in listed.output and "bakkerij-peeters" in listed.output


def test_list_without_tenants_says_how_to_make_one(run_cli):
    result = run_cli("tenant", "list")
    assert result.exit_code == 0
    assert "No tenants yet" in result.output


def test_a_taken_slug_is_one_red_line_and_leaves_no_user_behind(run_cli, cli_env):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    result = run_cli(
        "tenant",
        "create",
        "Acme Two",
        "--slug",
        "acme",
        "--owner-email",
        "new@acme.be",
        "--owner-password",
        PASSWORD,
    )
    assert result.exit_code == 1
    assert "a tenant 'acme' exists already" in result.output
    assert "Traceback" not in result.output
    app = app_on(cli_env)
    try:
        with app.db.session() as session:
            assert session.scalar(select(User).where(User.email == "new@acme.be")) is None
            assert len(session.scalars(select(Tenant)).all()) == 1
    finally:
        app.db.dispose()


def test_a_short_password_creates_nothing(run_cli, cli_env):
    result = run_cli(
        "tenant", "create", "Acme", "--owner-email", "a@acme.be", "--owner-password", "short"
    )
    assert result.exit_code == 1
    assert "at least 8 characters" in result.output
    assert "No tenants yet" in run_cli("tenant", "list").output


def test_an_unknown_bundle_names_the_known_ones(run_cli):
    result = run_cli("tenant", "create", "Acme", "--bundle", "no-such-bundle")
    assert result.exit_code == 1
    assert "unknown bundle 'no-such-bundle'" in result.output


def test_add_users_to_a_tenant(run_cli, cli_env):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    added = run_cli(
        "tenant",
        "user",
        "add",
        "acme",
        "books@acme.be",
        "--role",
        "accountant",
        "--password",
        PASSWORD,
    )
    assert added.exit_code == 0, added.output
    assert "books@acme.be is accountant of acme" in added.output
    again = run_cli("tenant", "user", "add", "acme", "books@acme.be", "--role", "admin")
    assert again.exit_code == 0, again.output
    app = app_on(cli_env)
    try:
        with app.db.session() as session:
            roles = session.scalars(select(Membership.role)).all()
        assert roles == [Role.ADMIN]
    finally:
        app.db.dispose()
    unknown = run_cli("tenant", "user", "add", "nope", "x@acme.be", "--password", PASSWORD)
    assert unknown.exit_code == 1
    assert "no tenant 'nope'" in unknown.output


def test_a_new_user_without_password_is_asked_for_one(run_cli):
    assert run_cli("tenant", "create", "Acme", "--slug", "acme").exit_code == 0
    result = run_cli(
        "tenant", "user", "add", "acme", "ann@acme.be", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "new user ann@acme.be is member of acme" in result.output
