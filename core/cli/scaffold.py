"""`facturo addon new`: scaffold a third-party addon package."""

from __future__ import annotations

from pathlib import Path

import typer

from core.cli.db import format_python
from core.cli.output import console, done, fail
from core.scaffold import ScaffoldError, scaffold_addon

cli = typer.Typer(help="Write your own addon.", no_args_is_help=True)


@cli.command("new")
def new(
    name: str = typer.Argument(..., help="The addon id: lowercase letters, digits, underscores."),
    directory: Path = typer.Option(
        Path("."), "--dir", "-d", help="Where to create the package folder."
    ),
    author: str = typer.Option("Your Name", help="Author written in the manifest."),
) -> None:
    """Create `facturo-NAME/`: an installable addon with a model, a migration, hooks and tests."""
    try:
        target, written = scaffold_addon(name, directory, author=author)
    except ScaffoldError as exc:
        fail(str(exc))
    format_python([path for path in written if path.suffix == ".py"])
    done(f"addon {name!r} written to {target}")
    console.print(
        f"Next: [bold]pip install -e {target}[/], [bold]facturo db upgrade[/], "
        f"then [bold]facturo addons on TENANT {name}[/]; run its tests with "
        f"[bold]pytest[/] inside {target}. See docs/addons.md."
    )
