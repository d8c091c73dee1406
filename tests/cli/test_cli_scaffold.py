"""`facturo addon new`: the scaffolded package is ruff-clean, installable, and its tests pass."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cli_support import catalogue_of
from typer.testing import CliRunner, Result

from core.addons.manifest import read_manifest
from core.cli.db import ruff_command
from core.cli.main import build_cli
from core.scaffold import core_head
from core.testing.packages import declare_entry_points

PYTHON = Path(sys.executable)


def new_addon(*args: str) -> Result:
    """Run `facturo addon new ...` (no database needed)."""
    return CliRunner().invoke(build_cli(catalogue_of()), ["addon", "new", *args])


def test_the_package_has_every_part_of_an_addon(tmp_path: Path):
    result = new_addon("demo_thing", "--dir", str(tmp_path), "--author", "Ann Peeters")
    assert result.exit_code == 0, result.output
    root = tmp_path / "facturo-demo-thing"
    package = root / "facturo_demo_thing"
    for part in ("hooks.py", "models.py", "templates/demo_thing/index.html"):
        assert (package / part).is_file(), part
    assert (root / "tests" / "test_demo_thing.py").is_file()
    assert (root / "README.md").is_file()

    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "facturo-demo-thing"
    assert project["project"]["dependencies"] == ["facturo"]
    assert project["project"]["entry-points"]["facturo.addons"] == {
        "demo_thing": "facturo_demo_thing"
    }

    manifest = read_manifest(package, "demo_thing")
    assert manifest.author == "Ann Peeters"
    assert [setting.key for setting in manifest.settings] == ["greeting"]

    migration = package / "migrations" / "demo_thing_0001_initial.py"
    source = migration.read_text()
    assert 'branch_labels: str | Sequence[str] | None = ("demo_thing",)' in source
    assert f'depends_on: str | Sequence[str] | None = "{core_head()}"' in source
    assert '"demo_thing_items"' in source


def test_the_generated_code_is_ruff_clean(tmp_path: Path):
    ruff = ruff_command()
    if ruff is None:
        pytest.skip("ruff is not installed")
    assert new_addon("demo_thing", "--dir", str(tmp_path)).exit_code == 0
    root = tmp_path / "facturo-demo-thing"
    for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        checked = subprocess.run([*ruff, *command], cwd=root, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_bad_names_and_occupied_folders_are_refused(tmp_path: Path):
    bad = new_addon("Demo-Thing", "--dir", str(tmp_path))
    assert bad.exit_code == 1
    assert "not a valid addon id" in bad.output and "'demo_thing'" in bad.output
    assert not any(tmp_path.iterdir())

    (tmp_path / "facturo-taken").mkdir()
    (tmp_path / "facturo-taken" / "notes.txt").write_text("mine")
    taken = new_addon("taken", "--dir", str(tmp_path))
    assert taken.exit_code == 1
    assert "exists and is not empty" in taken.output
    assert (tmp_path / "facturo-taken" / "notes.txt").read_text() == "mine"


@pytest.fixture(scope="module")
def scaffolded_addon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The scaffolded addon and a folder declaring its entry point: with both on
    `PYTHONPATH`, Facturo discovers it; nothing is installed anywhere."""
    where = tmp_path_factory.mktemp("scaffold")
    assert new_addon("demo_thing", "--dir", str(where)).exit_code == 0
    package = where / "facturo-demo-thing"
    declare_entry_points(package, where / "site")
    return package, where / "site"


@pytest.mark.slow
def test_the_generated_tests_pass_with_the_addon_on_the_path(scaffolded_addon, facturo_backend):
    package, site = scaffolded_addon
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTURO_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(package)])
    run = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--facturo-db={facturo_backend}"],
        cwd=package, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout
    assert not list(package.rglob(".ruff_cache")) and not list(package.rglob(".pytest_cache"))


def test_building_the_command_line_needs_no_database(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FACTURO_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    monkeypatch.setenv("FACTURO_VAR_DIR", str(tmp_path / "var"))
    assert CliRunner().invoke(build_cli(), ["--help"]).exit_code == 0
    assert new_addon("offline", "--dir", str(tmp_path)).exit_code == 0
