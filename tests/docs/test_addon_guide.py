"""docs/addons.md is true: its hook reference is current and every sample runs as written.

Each fenced block of the guide has a role, named after its language:
`file=PATH` (a file of the example addon's project), `scaffold` and `workflow` (shell steps),
`bundle` (the reseller bundle, as in `addon_registry.toml`). The example addon is written
to disk from the guide, "installed" without pip by declaring its entry point from the
guide's `pyproject.toml`, and the workflow steps run in a fresh process.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.addons import docgen
from core.addons.registry_file import load_registry, parse_registry
from core.cli.main import build_cli
from core.paths import PROJECT_ROOT, REGISTRY_FILE
from core.testing.packages import declare_entry_points

GUIDE = PROJECT_ROOT / "docs" / "addons.md"
DRIVER = Path(__file__).parent / "guide_driver.py"
FENCE = re.compile(r"^```(\w+)[ \t]*(.*?)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
ADDON_FILES = ("facturo_memo/addon.toml", "facturo_memo/models.py", "facturo_memo/hooks.py")


@dataclass(frozen=True)
class Sample:
    """A fenced block of the guide."""

    language: str
    role: str
    body: str

    @property
    def path(self) -> str | None:
        """The file the block is, for `file=...` blocks."""
        return self.role[len("file="):] if self.role.startswith("file=") else None

    def commands(self) -> list[str]:
        """The commands of a console block, without their `$ ` prompt."""
        return [line[2:] for line in self.body.splitlines() if line.startswith("$ ")]


def samples() -> list[Sample]:
    """Every fenced block of the guide, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return [Sample(m.group(1), m.group(2).strip(), m.group(3)) for m in FENCE.finditer(text)]


def sample(language: str, role: str) -> Sample:
    """The one block with this language and role."""
    (found,) = [s for s in samples() if (s.language, s.role) == (language, role)]
    return found


def test_the_hook_reference_is_generated_from_the_hookspecs():
    assert not docgen.update(GUIDE, check=True), "run `python -m core.addons.docgen`"
    assert "#### `line_price(ctx, document, line)` — first result wins" in GUIDE.read_text()


def test_every_sample_has_a_role_this_test_runs():
    roles = {(s.language, s.role if s.path is None else "file") for s in samples()
             if not s.role.startswith("example=")}
    assert roles == {("console", "scaffold"), ("console", "workflow"), ("console", "bundle"),
                     ("console", "i18n"), ("text", "scaffold-files"), ("toml", "file"),
                     ("python", "file"), ("toml", "bundle")}


def test_the_worked_example_shows_its_files_as_they_are():
    package = PROJECT_ROOT / "docs" / "examples" / "facturo-late-interest"
    shown = [s for s in samples() if s.role.startswith("example=")]
    assert len(shown) == 2
    for block in shown:
        assert block.body == (package / block.role[len("example="):]).read_text()


def test_the_example_addon_is_under_50_lines():
    files = {s.path: s.body for s in samples() if s.path}
    lines = [line for path in ADDON_FILES for line in files[path].splitlines() if line.strip()]
    assert len(lines) < 50


def test_the_bundle_sample_is_the_deployments_bundle():
    shown = parse_registry(tomllib.loads(sample("toml", "bundle").body)).bundles
    assert shown == {"drinks_wholesale": load_registry(REGISTRY_FILE).bundle("drinks_wholesale")}


def test_the_scaffold_command_writes_an_addon_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (command,) = sample("console", "scaffold").commands()
    result = CliRunner().invoke(build_cli(), shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    root = tmp_path / "facturo-memo"
    assert 'author = "Jane Developer"' in (root / "facturo_memo" / "addon.toml").read_text()
    listed = [line.split()[0] for line in sample("text", "scaffold-files").body.splitlines()]
    written = [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]
    assert sorted(written) == sorted(listed)  # nothing more either: no .ruff_cache


@pytest.mark.slow
def test_the_example_addon_installs_migrates_and_passes_its_tests(tmp_path):
    project = tmp_path / "facturo-memo"
    for block in samples():
        if block.path:
            target = project / block.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
    (project / "facturo_memo" / "__init__.py").write_text("")
    declare_entry_points(project, tmp_path / "site")
    steps = (sample("console", "workflow").commands() + sample("console", "bundle").commands()
             + sample("console", "i18n").commands())
    assert steps[0] == "pip install -e ."
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(project)]),
        "FACTURO_DATABASE_URL": f"sqlite:///{tmp_path / 'facturo.db'}",
        "FACTURO_VAR_DIR": str(tmp_path / "var"),
        "FACTURO_SECRET_KEY": "guide",
        "COLUMNS": "200",
    }
    env.pop("FACTURO_TEST_DATABASES", None)
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(project), *steps[1:]],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    assert "on for bakkerij-peeters: memo" in done.stdout
    migrations = list((project / "facturo_memo" / "migrations").glob("*_memo_table.py"))
    assert [path.name for path in migrations] == ["memo_0001_memo_table.py"]
    assert "memo_notes" in migrations[0].read_text()
    assert 'revision: str = "memo_0001"' in migrations[0].read_text()
    catalogs = project / "facturo_memo" / "i18n"
    assert 'msgid "Print the memo on documents"' in (
        catalogs / "nl" / "LC_MESSAGES" / "memo.po").read_text()
    assert (catalogs / "nl" / "LC_MESSAGES" / "memo.mo").is_file()
