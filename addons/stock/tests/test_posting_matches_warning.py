"""A posting moves exactly what the editor's warning said the document asks.

The warning reads the rules in Python (`Expander`), the posting applies them in SQL
(`addons.stock.posting`): both must agree on units, composites, followed products, repeated
products, and lines that move nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select

from addons.products.service import create_product
from addons.stock import service
from addons.stock.ledger import default_location, level, verify
from addons.stock.models import Move, MoveSource
from addons.stock.tests.helpers import line
from core.documents.lines import LineData
from core.documents.posting import post_document
from core.documents.records import document_record
from core.documents.service import create_document


def test_the_moves_of_a_posting_are_what_the_warning_asked(in_tenant, customer_id, screws):
    with in_tenant() as ctx:
        plugs = create_product(ctx, {"name": "Plugs", "sale_price": "0.10"}).id
        service.track(ctx, plugs)
        loose = create_product(ctx, {"name": "Not followed", "sale_price": "1"}).id
        kit = create_product(ctx, {"name": "Mounting kit", "sale_price": "5"}).id
        service.set_components(ctx, kit, {screws: Decimal("8"), loose: Decimal(2),
                                          plugs: Decimal("0.5")})
        service.set_unit(ctx, screws, "BX", Decimal(24))
        draft = create_document(ctx, "invoice", customer_id, lines=[
            line(screws, "2", unit="BX"), line(screws, "3.25"), line(kit, 3), line(loose, 4),
            line(plugs, 0), line(plugs, "1.5"),
            LineData(line_type="text", description="Delivered on site"),
        ])
        asked = service.needed(ctx, document_record(draft))
        posted = post_document(ctx, draft)
        moved: dict[int, Decimal] = defaultdict(Decimal)
        for move in ctx.session.scalars(select(Move).where(Move.document_id == posted.id)):
            moved[move.product_id] -= move.quantity
        assert dict(moved) == {p: q for p, q in asked.items() if q}
        assert moved == {screws: Decimal("48") + Decimal("3.25") + Decimal(24),
                         plugs: Decimal("1.5") + Decimal("1.5")}
        assert verify(ctx) == []


def test_the_database_adds_every_move_to_its_balance(in_tenant, screws):
    with in_tenant() as ctx:
        service.correct(ctx, screws, Decimal(10), "Opening stock")
        ctx.session.execute(insert(Move), [
            {"tenant_id": ctx.tenant_id, "product_id": screws, "quantity": Decimal("-2.5"),
             "location_id": default_location(ctx), "source": MoveSource.EXTERNAL,
             "move_date": date.today(), "reason": "written by hand"}])
        assert level(ctx, screws) == Decimal("7.5")
        assert verify(ctx) == []
