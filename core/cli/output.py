"""Console output of the command line: rich tables on stdout, errors in red on stderr."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def fail(message: str) -> NoReturn:
    """Print a one-line error in red and stop with exit status 1."""
    errors.print(f"[bold red]Error:[/] [red]{escape(message)}[/]", soft_wrap=True)
    raise typer.Exit(1)


def done(message: str) -> None:
    """Print a success line."""
    console.print(f"[green]✓[/] {escape(message)}", soft_wrap=True)


def note(message: str) -> None:
    """Print an informative line."""
    console.print(escape(message), soft_wrap=True)
