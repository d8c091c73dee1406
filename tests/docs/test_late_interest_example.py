"""The guide's worked example (docs/examples/facturo-late-interest) is small, imports only the
public API, and its own tests pass with the addon declared as installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.paths import PROJECT_ROOT
from core.testing.packages import declare_entry_points

EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "facturo-late-interest"
PACKAGE = EXAMPLE / "facturo_late_interest"


def test_it_is_at_most_120_lines_of_python() -> None:
    lines = sum(len(path.read_text(encoding="utf-8").splitlines())
                for path in PACKAGE.rglob("*.py"))
    assert 0 < lines <= 120


def test_its_own_tests_pass_with_the_addon_installed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    declare_entry_points(EXAMPLE, site)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(EXAMPLE)])}
    facturo = Path(sys.executable).with_name("facturo")
    compiled = subprocess.run([str(facturo), "i18n", "compile", str(PACKAGE)], cwd=EXAMPLE,
                              env=env, capture_output=True, text=True, timeout=120)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr  # as its author would
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--facturo-db=sqlite",
         "--rootdir", str(EXAMPLE), str(EXAMPLE / "tests")],
        cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
