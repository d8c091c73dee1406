"""What document lines read of a product, read once per transaction.

The line hooks (`line_product_defaults`, `line_price`) need a handful of a product's fields
for every product line, twice per line. `product_facts` answers them as `session.get` would
(a product loaded in the session, changes not yet flushed included, wins) and otherwise
reads the fields with one small statement that names the tenant, keeping the answer for the
rest of the transaction; that statement also reads the other products announced for the
lines being built (`core.documents.loaded.announcing`). A flush that writes a product
forgets what was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, inspect, select

from addons.products.models import Product
from core.api import PRODUCTS, announced, forget_after_writes

if TYPE_CHECKING:
    from core.api import Context

_PRODUCTS = Product.__table__
_FIELDS = ("name", "names", "description", "descriptions", "unit", "sale_price", "vat_rate")
_FIND = select(_PRODUCTS.c.id, *(_PRODUCTS.c[name] for name in _FIELDS)).where(
    _PRODUCTS.c.tenant_id == bindparam("t_id"),
    _PRODUCTS.c.id.in_(bindparam("p_ids", expanding=True)),
)
_READ = "facturo.products.read"
_IDS_PER_QUERY = 500
_MAPPER = inspect(Product)


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """The fields of a product that a document line uses."""

    name: str
    names: dict[str, Any]
    description: str
    descriptions: dict[str, Any]
    unit: str
    sale_price: Decimal
    vat_rate: Decimal

    def name_in(self, language: str) -> str:
        """The product's name in a language, else its main name."""
        return str((self.names or {}).get(language) or self.name)

    def description_in(self, language: str) -> str:
        """The product's description in a language, else its main description."""
        return str((self.descriptions or {}).get(language) or self.description or "")


def _facts_of(values: Any) -> ProductFacts:
    return ProductFacts(*(getattr(values, name) for name in _FIELDS))


def product_facts(ctx: Context, product_id: int) -> ProductFacts | None:
    """The line fields of the tenant's product, or None when it does not exist."""
    session = ctx.session
    loaded = session.identity_map.get(_MAPPER.identity_key_from_primary_key((product_id,)))
    if loaded is not None:
        return _facts_of(loaded)
    transaction = session.get_transaction()
    cache = session.info.get(_READ)
    if cache is None or cache[0] is not transaction:
        cache = (transaction, {})
        session.info[_READ] = cache
    read = cache[1]
    if product_id in read:
        return read[product_id]
    wanted = sorted({product_id} | (announced(session, PRODUCTS) - read.keys()))
    read.update(dict.fromkeys(wanted))
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        params = {"t_id": ctx.tenant_id, "p_ids": wanted[start:start + _IDS_PER_QUERY]}
        for row in session.connection().execute(_FIND, params):
            read[row.id] = _facts_of(row)
    return read[product_id]


forget_after_writes(_READ, Product)
