"""`facturo addon new`: a ready-to-install third-party addon package, rendered with Jinja2.

The package has everything an addon can carry: a manifest with a setting, hooks (a menu
entry, a page, an activation hook), a tenant-owned model, its first migration on a branch of
its own that depends on the current core head, a template and tests using Facturo's pytest
kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from core.addons.manifest import ADDON_ID
from core.paths import MIGRATIONS_DIR

TEMPLATES = Path(__file__).parent / "templates"
MAX_NAME = 30  # keeps generated constraint names within PostgreSQL's 63 characters

FILES = {
    "pyproject.toml": "pyproject.toml",
    "README.md": "README.md",
    "package/__init__.py": "{package}/__init__.py",
    "package/addon.toml": "{package}/addon.toml",
    "package/hooks.py": "{package}/hooks.py",
    "package/translation.py": "{package}/translation.py",
    "package/models.py": "{package}/models.py",
    "package/migrations/initial.py": "{package}/migrations/{revision}_initial.py",
    "package/templates/index.html": "{package}/templates/{name}/index.html",
    "tests/test_addon.py": "tests/test_{name}.py",
}


class ScaffoldError(ValueError):
    """The addon cannot be scaffolded as asked (bad name, folder in the way, ...)."""


@dataclass(frozen=True)
class AddonNames:
    """Every name derived from an addon id."""

    id: str
    author: str = "Your Name"

    @property
    def package(self) -> str:
        """The import package, e.g. `facturo_demo_thing`."""
        return f"facturo_{self.id}"

    @property
    def distribution(self) -> str:
        """The distribution on PyPI, e.g. `facturo-demo-thing`."""
        return "facturo-" + self.id.replace("_", "-")

    @property
    def title(self) -> str:
        """A human name, e.g. `Demo Thing`."""
        return self.id.replace("_", " ").title()

    @property
    def model(self) -> str:
        """The model class name, e.g. `DemoThingItem`."""
        return self.title.replace(" ", "") + "Item"

    @property
    def table(self) -> str:
        """The model's table, prefixed with the addon id."""
        return f"{self.id}_items"

    @property
    def revision(self) -> str:
        """The id of the first migration."""
        return f"{self.id}_0001"


def check_name(name: str) -> str:
    """The addon id, or an error saying what a valid one looks like."""
    if not ADDON_ID.match(name) or len(name) > MAX_NAME:
        hint = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
        suggestion = f" (e.g. {hint!r})" if ADDON_ID.match(hint) else ""
        raise ScaffoldError(
            f"{name!r} is not a valid addon id: use 2 to {MAX_NAME} lowercase letters, digits "
            f"and underscores, starting with a letter{suggestion}"
        )
    return name


def core_head() -> str:
    """The newest revision of Facturo's core migrations, for the addon's `depends_on`."""
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    if len(heads) != 1:
        raise ScaffoldError(f"core migrations should have one head, found {heads}")
    return heads[0]


def environment() -> Environment:
    """The Jinja2 environment of the scaffold templates."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def scaffold_addon(
    name: str, parent: Path, *, author: str = "Your Name"
) -> tuple[Path, list[Path]]:
    """Write a new addon package into `parent/facturo-<name>/`; its folder and files."""
    names = AddonNames(check_name(name), author)
    target = parent / names.distribution
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} exists and is not empty")
    values = {
        "addon": names,
        "core_head": core_head(),
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    env = environment()
    written: list[Path] = []
    for template, output in FILES.items():
        path = target / output.format(package=names.package, name=names.id, revision=names.revision)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template + ".jinja").render(values), encoding="utf-8")
        written.append(path)
    return target, written
