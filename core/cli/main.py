"""The `facturo` command: its command groups, addon commands and error reporting."""

from __future__ import annotations

from typing import Any

import typer
from alembic.util import CommandError
from rich.markup import escape
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from core.addons.catalogue import Catalogue
from core.addons.errors import AddonError
from core.addons.registry_file import Registry, RegistryFileError
from core.cli import addons, db, documents, i18n, jobs, outbox, scaffold, serve, tenants, worker
from core.cli.output import errors, fail
from core.cli.state import CliState
from core.db.engine import DatabaseBusy
from core.tenants.service import TenantError

KERNEL_ERRORS = (AddonError, TenantError, RegistryFileError, CommandError, DatabaseBusy)


class FacturoGroup(TyperGroup):
    """The root command: kernel errors become one red line and exit status 1."""

    def invoke(self, ctx: typer.Context) -> Any:
        """Run the chosen command; report kernel and database errors without a traceback."""
        state = ctx.find_object(CliState)
        if state is None:
            raise RuntimeError("the facturo command line was built without its state")
        with state.running():
            try:
                return super().invoke(ctx)
            except KERNEL_ERRORS as exc:
                fail(str(exc))
            except DBAPIError as exc:
                first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                if "locked" in first or "busy" in first:
                    fail(f"database error: {first} (another process is writing; nothing was "
                         "changed, try again)")
                fail(f"database error: {first} (is the database migrated? `facturo db upgrade`)")


def build_cli(catalogue: Catalogue | None = None, registry: Registry | None = None) -> typer.Typer:
    """The command line, with the commands of every installed addon; needs no database."""
    catalogue = catalogue if catalogue is not None else Catalogue.load()
    state = CliState(catalogue, registry)
    cli = typer.Typer(
        cls=FacturoGroup,
        name="facturo",
        help="Facturo: multi-tenant invoicing for Belgian small businesses.",
        no_args_is_help=True,
        context_settings={"obj": state, "help_option_names": ["-h", "--help"]},
        pretty_exceptions_show_locals=False,
    )
    serve.register(cli)
    worker.register(cli)
    cli.add_typer(db.cli, name="db")
    cli.add_typer(tenants.cli, name="tenant")
    cli.add_typer(addons.cli, name="addons")
    cli.add_typer(scaffold.cli, name="addon")
    cli.add_typer(jobs.cli, name="jobs")
    cli.add_typer(outbox.cli, name="outbox")
    cli.add_typer(documents.cli, name="documents")
    cli.add_typer(i18n.cli, name="i18n")
    add_addon_commands(cli, catalogue)
    return cli


def add_addon_commands(cli: typer.Typer, catalogue: Catalogue) -> None:
    """Let every installed addon add its commands; one that fails is reported and left out."""
    for impl in catalogue.manager.hook.facturo_cli.get_hookimpls():
        try:
            impl.function(*({"app": cli}[arg] for arg in impl.argnames))
        except Exception as exc:  # an addon's mistake must not take the command line down
            errors.print(
                f"[yellow]addon {impl.plugin_name!r}: its commands are left out "
                f"({type(exc).__name__}: {escape(str(exc))})[/]"
            )


def main() -> None:
    """Entry point of the `facturo` console script."""
    build_cli()()
