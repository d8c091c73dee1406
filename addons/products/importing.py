"""Importing products from CSV/XLSX through the three-step importer, and exporting them.

Rows are checked with the rules of the product form (`clean_product`); an empty cell counts
as not given (a product without a VAT rate gets 21 %, without a unit "piece"). A code the
tenant or the file already uses is an error: importing creates products, the price-list
import (`addons.products.prices`) changes existing ones. Rows without a code take one block
of the `product` series. The export has the same columns and imports back as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, text

from addons.products.errors import ProductValidationError
from addons.products.fields import clean_product, search_text
from addons.products.models import Category, Product
from addons.products.service import SEQUENCE, iter_products
from addons.products.translation import N_, _, gettext
from core.api import (
    LANGUAGES,
    Context,
    EntityImporter,
    ImportField,
    Progress,
    export_table,
    take_numbers,
    utcnow,
)

BATCH = 5000
ANALYZE_AFTER = 1000
_LANGUAGE_HEADERS = {
    "nl": ("NL", "Nederlands", "Néerlandais"),
    "fr": ("FR", "Frans", "Français"),
    "en": ("EN", "Engels", "Anglais"),
    "de": ("DE", "Duits", "Allemand"),
}


def _per_language(key: str, label: str, words: Sequence[str]) -> list[ImportField]:
    return [
        ImportField(
            f"{key}_{lang}",
            f"{label} ({lang.upper()})",
            tuple(f"{word} {name}" for word in words for name in _LANGUAGE_HEADERS[lang])
            + tuple(f"{word} ({name})" for word in words for name in _LANGUAGE_HEADERS[lang]),
        )
        for lang in LANGUAGES
    ]


FIELDS: tuple[ImportField, ...] = (
    ImportField("code", N_("Code"), ("Productcode", "Artikelcode", "Artikelnummer", "Art.nr",
                "Référence", "Ref", "Code produit", "Product code", "SKU", "Item code")),
    ImportField("name", N_("Name"), ("Naam", "Omschrijving", "Product", "Artikel", "Nom",
                "Désignation", "Libellé", "Produit", "Article", "Product name", "Item")),
    *_per_language("name", "Name", ("Naam", "Nom", "Name")),
    ImportField("description", N_("Description"), ("Beschrijving", "Details", "Détails",
                "Description longue")),
    *_per_language("description", "Description", ("Beschrijving", "Description")),
    ImportField("unit", N_("Unit"), ("Eenheid", "Unité", "Unit of measure", "UOM")),
    ImportField("sale_price", N_("Sale price"), ("Verkoopprijs", "Prijs", "Eenheidsprijs",
                "Prix", "Prix de vente", "Prix unitaire", "Price", "Unit price")),
    ImportField("purchase_price", N_("Purchase price"), ("Aankoopprijs", "Inkoopprijs",
                "Prix d'achat", "Cost", "Cost price")),
    ImportField("vat_rate", N_("VAT rate"), ("Btw", "Btw-tarief", "Btw %", "TVA",
                "Taux de TVA", "TVA %", "VAT", "VAT %")),
    ImportField("category", N_("Category"), ("Categorie", "Groep",
                "Productgroep", "Catégorie", "Groupe", "Group")),
    ImportField("active", N_("Active"), ("Actief", "Actif")),
)


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """The cells that hold something (an empty cell is as if the column were not there)."""
    return {
        key: value.strip() if isinstance(value, str) else value
        for key, value in values.items()
        if value is not None and not (isinstance(value, str) and not value.strip())
    }


class ProductImporter(EntityImporter):
    """New products from a file."""

    entity = "products"

    def __init__(self) -> None:
        self._codes: set[str] = set()

    def fields(self, ctx: Context) -> Sequence[ImportField]:
        """Every product field a column can feed."""
        return FIELDS

    def start(self, ctx: Context) -> None:
        """Load the codes already used."""
        self._codes = set(ctx.session.scalars(select(Product.code)))

    def check(self, ctx: Context, values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
        """A row's product values, checked like the product form, or its errors."""
        given = _given(values)
        category = str(given.pop("category", "") or "").strip()
        try:
            record = clean_product(given, creating=True)
        except ProductValidationError as exc:
            return None, exc.errors
        if len(category) > 100:
            return None, {"category": _("at most %(count)s characters") % {"count": 100}}
        code = record.get("code")
        if code:
            if code in self._codes:
                return None, {"code": _("code %(code)s is used already") % {"code": code}}
            self._codes.add(code)
        record["category"] = category
        return record, {}

    def _free_codes(self, ctx: Context, count: int) -> list[str]:
        free: list[str] = []
        while len(free) < count:
            block = take_numbers(
                ctx.session, SEQUENCE, date.today(), count - len(free),
                pattern_for=lambda seq: ctx.call("number_pattern", sequence=seq),
            )
            free.extend(code for code, _value in block if code not in self._codes)
        return free

    def _categories(self, ctx: Context, names: set[str]) -> dict[str, int]:
        known = {
            name.lower(): category_id
            for category_id, name in ctx.session.execute(select(Category.id, Category.name))
        }
        for name in sorted(names):
            if name.lower() not in known:
                category = Category(name=name)
                ctx.session.add(category)
                ctx.session.flush()
                known[name.lower()] = category.id
        return known

    def save(self, ctx: Context, records: list[Any], progress: Progress | None = None) -> int:
        """Insert the products in batches; codes from one block; new categories created."""
        codes = iter(self._free_codes(ctx, sum(1 for r in records if not r.get("code"))))
        categories = self._categories(ctx, {r["category"] for r in records if r["category"]})
        now = utcnow()
        base = {
            "tenant_id": ctx.tenant_id, "description": "", "names": {}, "descriptions": {},
            "unit": "C62", "sale_price": 0, "purchase_price": None, "vat_rate": 21,
            "active": True, "custom_data": {}, "created_at": now, "updated_at": now,
        }
        table = Product.__table__
        done = 0
        for start in range(0, len(records), BATCH):
            rows = []
            for record in records[start : start + BATCH]:
                category = record.pop("category")
                row = {**base, **record}
                row["code"] = record.get("code") or next(codes)
                row["names"] = {k: v for k, v in row["names"].items() if v}
                row["descriptions"] = {k: v for k, v in row["descriptions"].items() if v}
                row["category_id"] = categories[category.lower()] if category else None
                row["search_text"] = search_text(row["code"], row["name"], row["names"])
                rows.append(row)
            ctx.session.execute(insert(table), rows)
            done += len(rows)
            if progress is not None:
                progress(done, len(records))
        if ctx.app.db.dialect == "postgresql" and done >= ANALYZE_AFTER:
            # plans fit the new size now; ANALYZE is the owner's (core_0010_dbwall)
            ctx.session.execute(text("SELECT facturo_analyze(:table)"), {"table": table.name})
        return done


def export_columns(ctx: Context) -> list[tuple[str, str]]:
    """(field key, header in the context's language) of an export."""
    return [(f.key, gettext(f.label, ctx.language)) for f in FIELDS]


def _value(product: Product, key: str) -> Any:
    if key == "category":
        return product.category.name if product.category else ""
    for kind in ("name", "description"):
        if key.startswith(f"{kind}_"):
            return (getattr(product, f"{kind}s") or {}).get(key[len(kind) + 1 :], "")
    return getattr(product, key)


def export_products(ctx: Context, fmt: str = "csv", **filters: Any) -> tuple[bytes, str, str]:
    """The products matching `filters` (as `list_products` takes them) as CSV or XLSX.

    Returns (bytes, content type, extension).
    """
    columns = export_columns(ctx)
    return export_table(
        fmt,
        [header for _key, header in columns],
        ([_value(product, key) for key, _header in columns] for product in iter_products(
            ctx, **filters)),
    )


def count_products(ctx: Context) -> int:
    """How many products the tenant has (archived ones included)."""
    return int(ctx.session.scalar(select(func.count(Product.id))) or 0)
