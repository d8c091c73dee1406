"""`facturo payments import-statement TENANT FILE`: a CODA file or a bank's CSV export brought
into the tenant's bank account, matched like on the import page."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from addons.payments.errors import PaymentError
from addons.payments.statements.importing import import_statement
from addons.payments.statements.reader import read_statement
from core.api import console, current_app, done, fail, find_tenant

cli = typer.Typer(help="Payments and bank statements.", no_args_is_help=True)


@cli.command("import-statement")
def import_statement_command(
    tenant: str = typer.Argument(..., help="Tenant slug or id."),
    file: Path = typer.Argument(..., help="A CODA file or a KBC, BNP Paribas Fortis, "
                                          "Belfius or ING CSV export."),
    account: int | None = typer.Option(
        None, help="Account id (default: the account with the statement's IBAN, else the "
                   "default bank account)."),
) -> None:
    """Import a bank statement; lines imported before are skipped."""
    app = current_app()
    found = find_tenant(app, tenant)
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot be read ({exc.strerror})")
    try:
        parsed = read_statement(data, file.name)
        with app.tenant_context(found.id, write=True, language="en") as ctx:
            if not ctx.is_active("payments"):
                fail(f"payments is off for {found.slug} "
                     f"(facturo addons on {found.slug} payments)")
            result = import_statement(ctx, parsed, account, file.name)
            matched, unmatched = len(result.matched), len(result.unmatched)
    except PaymentError as exc:
        fail(f"{escape(str(file))}: {escape(str(exc))}")
    console.print(f"{escape(file.name)} ({parsed.format}): {len(parsed.lines)} lines",
                  soft_wrap=True)
    done(f"{matched + unmatched} imported, {matched} matched, {unmatched} to handle, "
         f"{result.duplicates} imported before")
