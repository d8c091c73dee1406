"""Built-in addons use only what a third-party addon may use: `core.api`, and the `api`
module of another addon they build on. Every import is counted, also inside functions and
under `TYPE_CHECKING`; an addon's own tests may use the rest of the kit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.paths import PROJECT_ROOT

ADDONS = PROJECT_ROOT / "addons"
THIRD_PARTY = (PROJECT_ROOT / "tests" / "addon_packages", PROJECT_ROOT / "docs" / "examples")


def packages() -> list[tuple[str, Path]]:
    """(package name, folder) of every built-in addon and of the sample third-party ones
    (the guide's worked example among them)."""
    found = [(f"addons.{p.name}", p) for p in sorted(ADDONS.iterdir())
             if (p / "addon.toml").is_file()]
    found += [(p.parent.name, p.parent)
              for folder in THIRD_PARTY for p in sorted(folder.glob("*/*/addon.toml"))]
    return found


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return sorted(found)


def refused(package: str, module: str) -> str | None:
    """Why an addon of `package` may not import `module`, or None when it may."""
    top = module.split(".")[0]
    if module == package or module.startswith(f"{package}."):
        return None
    if top == "core":
        return None if module == "core.api" else "core is used through core.api only"
    if top == "addons":
        parts = module.split(".")
        if len(parts) == 3 and parts[2] == "api":
            return None
        return "another addon is used through its api module only (addons.<id>.api)"
    return None


def offences(package: str, folder: Path) -> list[str]:
    """Every import of the addon's code (its tests left out) that breaks the contract."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if "tests" in path.relative_to(folder).parts:
            continue
        for line, module in imported_modules(path):
            if (reason := refused(package, module)) is not None:
                found.append(f"{path.relative_to(folder.parent)}:{line}: {module}: {reason}")
    return found


@pytest.mark.parametrize(("package", "folder"), packages(), ids=lambda value: str(value))
def test_an_addon_imports_only_the_public_api(package: str, folder: Path) -> None:
    assert offences(package, folder) == []


def test_the_rule_catches_an_internal_import(tmp_path: Path) -> None:
    (tmp_path / "hooks.py").write_text(
        "from core.api import hookimpl\n"
        "def f():\n    from core.documents.models import Document\n"
        "from addons.products.models import Product\nfrom addons.products.api import Product\n"
    )
    assert [line.split(": ", 2)[1] for line in offences("addons.x", tmp_path)] == [
        "core.documents.models", "addons.products.models",
    ]


def test_every_public_name_is_importable() -> None:
    import core.api

    missing = [name for name in core.api.__all__ if not hasattr(core.api, name)]
    assert missing == []
