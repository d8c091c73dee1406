"""`facturo db`: apply migrations, write new revisions, compare the schema with the models."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from core.cli.output import console, done, errors, note
from core.cli.state import current_app
from core.db.migrate import current_heads, make_revision, pending, schema_differences
from core.db.migrate import upgrade as run_upgrade

cli = typer.Typer(
    help="Database migrations (core and every installed addon).", no_args_is_help=True
)


@cli.command()
def upgrade() -> None:
    """Apply every pending migration of core and of the installed addons."""
    app = current_app()
    policies = run_upgrade(app)
    heads = ", ".join(sorted(current_heads(app))) or "empty"
    done(f"database up to date ({heads})")
    if policies:
        note(f"row-level security on {len(policies)} tenant tables")


def ruff_command() -> list[str] | None:
    """How to run ruff here: the one beside this Python, the ruff package, or the PATH's."""
    beside = Path(sys.executable).parent / "ruff"
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    on_path = shutil.which("ruff")
    return [on_path] if on_path else None


def format_python(paths: list[Path]) -> None:
    """Format generated Python files with ruff when it is installed."""
    ruff = ruff_command()
    if ruff and paths:
        subprocess.run([*ruff, "format", "--quiet", "--no-cache", *map(str, paths)], check=False)


@cli.command()
def revision(
    message: str = typer.Option(..., "-m", "--message", help="What the revision changes."),
    addon: str | None = typer.Option(None, "--addon", help="Write it in this addon's branch."),
) -> None:
    """Autogenerate a revision from the models (core, or one addon's tables only)."""
    app = current_app()
    if addon is not None:
        app.catalogue.get(addon)
    result = make_revision(app, message, addon_id=addon)
    scripts = result if isinstance(result, list) else [result]
    paths = [Path(script.path) for script in scripts if script is not None]
    format_python(paths)
    for path in paths:
        done(f"wrote {path}")


def _name(obj: Any) -> str:
    table = getattr(obj, "table", None)
    name = getattr(obj, "name", None) or repr(obj)
    return f"{table.name}.{name}" if table is not None and table.name != name else str(name)


def describe(difference: Any) -> str:
    """One readable line for a difference found by Alembic's schema comparison."""
    if isinstance(difference, list):
        return "; ".join(describe(part) for part in difference)
    operation = difference[0]
    if operation.startswith("modify_"):
        _, _, table, column, _, old, new = difference
        return f"{operation} {table}.{column}: {old} -> {new}"
    if operation in ("add_column", "remove_column"):
        _, _, table, column = difference
        return f"{operation} {table}.{column.name}"
    return f"{operation} {_name(difference[1])}"


@cli.command()
def check() -> None:
    """Compare the migrated database with the models; exit status 1 when they differ."""
    app = current_app()
    missing = pending(app)
    differences = schema_differences(app)
    if missing:
        errors.print(f"[red]pending migrations: {', '.join(sorted(missing))}[/]")
    for difference in differences:
        errors.print(describe(difference), style="red", markup=False, soft_wrap=True)
    if differences:
        errors.print("the models differ from the migrations: `facturo db revision -m ...`")
    if missing or differences:
        raise typer.Exit(1)
    console.print("[green]✓[/] the database matches the models")
