"""The demo company's catalogue: a few products and services with units, names in Dutch and
French, the prices a joinery in Ghent would ask."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from addons.products.service import create_product, find_by_code

if TYPE_CHECKING:
    from core.api import Context

DEMO_PRODUCTS: tuple[dict[str, Any], ...] = (
    {"code": "TAFEL-EIK", "name": "Eiken tafel 200 × 90 cm",
     "name_fr": "Table en chêne 200 × 90 cm",
     "unit": "C62", "sale_price": "890.00", "vat_rate": "21", "category": "Meubelen"},
    {"code": "KAST-EIK", "name": "Boekenkast eik op maat", "name_fr": "Bibliothèque en chêne",
     "unit": "C62", "sale_price": "1250.00", "vat_rate": "21", "category": "Meubelen"},
    {"code": "PLAAT-30", "name": "Eikenhouten plaat 30 mm", "name_fr": "Panneau de chêne 30 mm",
     "unit": "MTK", "sale_price": "65.00", "vat_rate": "21", "category": "Materiaal"},
    {"code": "PLINT", "name": "Plint eik", "name_fr": "Plinthe en chêne",
     "unit": "MTR", "sale_price": "8.40", "vat_rate": "21", "category": "Materiaal"},
    {"code": "OLIE", "name": "Houtolie naturel 1 l", "name_fr": "Huile pour bois 1 l",
     "unit": "C62", "sale_price": "24.95", "vat_rate": "21", "category": "Onderhoud"},
    {"code": "MONTAGE", "name": "Montage", "name_fr": "Montage",
     "unit": "HUR", "sale_price": "55.00", "vat_rate": "21", "category": "Diensten"},
    {"code": "RENOVATIE", "name": "Renovatiewerk (woning ouder dan 10 jaar)",
     "name_fr": "Travaux de rénovation (logement de plus de 10 ans)",
     "unit": "HUR", "sale_price": "52.00", "vat_rate": "6", "category": "Diensten"},
    {"code": "VERPLAATSING", "name": "Verplaatsing", "name_fr": "Déplacement",
     "unit": "KMT", "sale_price": "0.45", "vat_rate": "21", "category": "Diensten"},
)


def seed_demo_products(ctx: Context) -> None:
    """The demo catalogue; a product whose code exists already is left as it is."""
    for data in DEMO_PRODUCTS:
        if find_by_code(ctx, data["code"]) is None:
            create_product(ctx, data)
