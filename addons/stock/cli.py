"""`facturo stock verify [TENANT] [--repair]`: every running balance against its moves."""

from __future__ import annotations

import typer
from sqlalchemy import select

from addons.stock.ledger import verify
from core.api import Tenant, console, current_app, done, fail, find_tenant

cli = typer.Typer(help="Stock.", no_args_is_help=True)


@cli.command("verify")
def verify_command(
    tenant: str = typer.Argument("", help="A tenant's slug or id; every tenant when empty."),
    repair: bool = typer.Option(False, "--repair", help="Set wrong balances to their moves."),
) -> None:
    """Recompute every stock balance from its moves; exit 1 when one differs (unless
    repaired)."""
    app = current_app()
    if tenant:
        tenant_ids = [find_tenant(app, tenant).id]
    else:
        with app.db.session(read_only=True) as session:
            tenant_ids = list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
    wrong = 0
    checked = 0
    for tenant_id in tenant_ids:
        with app.tenant_context(tenant_id) as ctx:
            if not ctx.is_active("stock"):
                continue
            checked += 1
            for item in verify(ctx, repair=repair):
                wrong += 1
                console.print(f"tenant {tenant_id} product {item.product_id} location "
                              f"{item.location_id}: balance {item.balance}, moves {item.moves}")
    if wrong and not repair:
        fail(f"{wrong} balances differ from their moves")
    done(f"{checked} tenants checked, {wrong} balances "
         + ("repaired" if repair else "wrong"))
