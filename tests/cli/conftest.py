"""Running the `facturo` command line in-process against the test database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import OPEN_REGISTRY
from typer.testing import CliRunner, Result

from core.addons.catalogue import Catalogue
from core.addons.registry_file import Registry
from core.cli.main import build_cli


@pytest.fixture
def cli_env(
    facturo_database_url: str, facturo_owner_database_url: str | None, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    """The environment a command runs in: the test database (and its owner's URL, as an
    operator has it) and a private var/ folder."""
    env = {
        "FACTURO_DATABASE_URL": facturo_database_url,
        "FACTURO_DATABASE_OWNER_URL": facturo_owner_database_url or "",
        "FACTURO_VAR_DIR": str(tmp_path / "var"),
        "FACTURO_SECRET_KEY": "test-secret",
        "COLUMNS": "200",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str], facturo_catalogue: Catalogue) -> Callable[..., Result]:
    """`run_cli("tenant", "list", input=None, catalogue=None, registry=None)`: run a command.

    Without `catalogue` the command line sees every installed addon, as `facturo` does; with
    one (see `cli_support.catalogue_of`), only those, all offered unless `registry` says
    otherwise.
    """
    runner = CliRunner()

    def run(
        *args: str,
        input: str | None = None,
        catalogue: Catalogue | None = None,
        registry: Registry | None = None,
    ) -> Result:
        if catalogue is None:
            cli = build_cli(facturo_catalogue, registry)
        else:
            cli = build_cli(catalogue, registry or OPEN_REGISTRY)
        return runner.invoke(cli, list(args), input=input, env=cli_env)

    return run
