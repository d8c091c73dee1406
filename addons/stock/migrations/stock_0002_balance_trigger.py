"""stock: the database keeps each balance equal to the sum of its moves

A trigger on `stock_moves` adds every new move to the balance of its product and location
(creating the balance when missing), in the statement that writes the move. No writer can
forget the balance, and a posting writes its moves and their balances in one statement.
PostgreSQL locks each balance row until the transaction ends, so concurrent writers never
lose a move.

Revision ID: stock_0002
Revises: stock_0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "stock_0002"
down_revision: str | Sequence[str] | None = "stock_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "stock_moves_add_to_balance"
FUNCTION = "stock_add_move_to_balance"
UPSERT = """
    INSERT INTO stock_balances (tenant_id, product_id, location_id, quantity)
    VALUES (NEW.tenant_id, NEW.product_id, NEW.location_id, NEW.quantity)
    ON CONFLICT (tenant_id, product_id, location_id)
    DO UPDATE SET quantity = stock_balances.quantity + excluded.quantity;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            BEGIN
                {UPSERT}
                RETURN NULL;
            END $$""")
        op.execute(f"""
            CREATE TRIGGER {TRIGGER} AFTER INSERT ON stock_moves
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""")
    else:
        op.execute(f"""
            CREATE TRIGGER {TRIGGER} AFTER INSERT ON stock_moves
            BEGIN {UPSERT} END""")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER {TRIGGER}"
               + (" ON stock_moves" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {FUNCTION}()")
