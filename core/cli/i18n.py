"""`facturo i18n`: the message catalogs of core or of one addon (also a third-party one)."""

from __future__ import annotations

import typer

from core.cli.output import fail, note
from core.cli.state import CliState
from core.i18n_tools import run

cli = typer.Typer(help="Extract, compile and check message catalogs.", no_args_is_help=True)
ADDON = typer.Argument(None, help="An installed addon's id or an addon package folder "
                                  "(the one holding addon.toml); core when left out.")


def _run(ctx: typer.Context, command: str, addon: str | None) -> None:
    state = ctx.find_object(CliState)
    try:
        status = run(command, addon, note, state.catalogue if state is not None else None)
    except ValueError as exc:
        fail(str(exc))
    if status:
        raise typer.Exit(status)


@cli.command("extract")
def extract(ctx: typer.Context, addon: str | None = ADDON) -> None:
    """Collect the messages into `<domain>.pot` and merge them into the nl, fr, en catalogs."""
    _run(ctx, "extract", addon)


@cli.command("compile")
def compile_(ctx: typer.Context, addon: str | None = ADDON) -> None:
    """Write the `.mo` files (core's and every built-in addon's, or the addon's)."""
    _run(ctx, "compile", addon)


@cli.command("check")
def check(ctx: typer.Context, addon: str | None = ADDON) -> None:
    """List the messages a catalog does not translate yet; exit status 1 when any."""
    _run(ctx, "check", addon)
