"""Adds `facturo hello TENANT` and a job that records which tenants it ran for."""

from __future__ import annotations

from typing import Any

import typer

from core import hookimpl
from core.cli.state import current_app
from core.jobs import Job
from core.tenants.service import find_tenant

RAN: list[int] = []


def hello(tenant: str) -> None:
    """Greet a tenant by name."""
    typer.echo(f"hello {find_tenant(current_app(), tenant).name}")


@hookimpl
def facturo_cli(app: Any) -> None:
    app.command("hello")(hello)


@hookimpl
def facturo_jobs() -> list[Job]:
    return [Job("wave", lambda ctx: RAN.append(ctx.tenant_id), description="Waves daily.")]
