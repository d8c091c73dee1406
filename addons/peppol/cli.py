"""`facturo peppol check FILE...`: the official rules of the release Facturo uses, on any UBL
file (one Facturo wrote, one a customer received, one an access point refused)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from addons.peppol import official, rules
from addons.peppol.errors import PeppolError
from core.api import cli_errors as errors
from core.api import console, fail

cli = typer.Typer(help="PEPPOL e-invoices.", no_args_is_help=True)


def _check_one(path: Path, folder: Path) -> bool:
    """Print the verdict on one file; whether it passes."""
    try:
        xml = path.read_bytes()
        report = official.check(xml, folder)
        belgian = rules.check(xml) if report.valid else []
    except OSError as exc:
        errors.print(f"[red]{escape(str(path))}: cannot be read ({escape(exc.strerror or '')})[/]")
        return False
    except PeppolError as exc:
        errors.print(f"[red]{escape(str(path))}: {escape(str(exc))}[/]", soft_wrap=True)
        return False
    fatal = [*map(str, report.fatal), *map(str, belgian)]
    verdict = "[green]valid[/]" if not fatal else f"[red]{len(fatal)} fatal[/]"
    console.print(f"{escape(str(path))}: {verdict}, {len(report.warnings)} warnings",
                  soft_wrap=True)
    for finding in fatal:
        console.print(f"  [red]fatal[/] {escape(finding)}", soft_wrap=True)
    for finding in report.warnings:
        console.print(f"  [yellow]warning[/] {escape(str(finding))}", soft_wrap=True)
    return not fatal


@cli.command("check")
def check(
    files: list[Path] = typer.Argument(..., help="UBL invoices or credit notes (XML)."),
) -> None:
    """Check UBL files against the UBL 2.1 schema and the official EN 16931 and PEPPOL BIS
    rules; exit 1 when one of them breaks a rule (or the rules are not found)."""
    try:
        folder = official.rules_folder()
    except PeppolError as exc:
        fail(str(exc))
    console.print("rules: " + ", ".join(name for name, _path in official.RULE_SETS)
                  + f" ({escape(str(folder))})", soft_wrap=True)
    failed = [path for path in files if not _check_one(path, folder)]
    if failed:
        fail(f"{len(failed)} of {len(files)} files break the rules")
