"""The product catalogue: creating, coding, changing, archiving, finding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addons.products.categories import create_category, delete_category, list_categories
from addons.products.errors import ProductNotFound, ProductValidationError
from addons.products.service import (
    archive_product,
    create_product,
    get_by_code,
    get_product,
    list_products,
    update_product,
)
from core.numbering.service import set_pattern


def test_products_are_coded_from_the_sequence_unless_given(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        first = create_product(ctx, {"name": "Schroef M6", "sale_price": "0,25"})
        own = create_product(ctx, {"code": "P00002", "name": "Moer M6"})
        third = create_product(ctx, {"name": "Ring M6"})
        assert (first.code, own.code, third.code) == ("P00001", "P00002", "P00003")
        assert first.sale_price == Decimal("0.25")
        assert first.unit == "C62" and first.vat_rate == Decimal("21") and first.active
        set_pattern(ctx.session, "product", "ART-(3)")
        assert create_product(ctx, {"name": "Bout M8"}).code == "ART-004"


def test_a_code_is_unique_per_tenant_only(facturo_app, shop, make_tenant):
    other = make_tenant("Garage Maes", addons=("products",))
    with facturo_app.tenant_context(shop.id) as ctx:
        mine = create_product(ctx, {"code": "SCR-6", "name": "Schroef"}).id
        with pytest.raises(ProductValidationError) as refused:
            create_product(ctx, {"code": "SCR-6", "name": "Andere schroef"})
        assert "code" in refused.value.errors
    with facturo_app.tenant_context(other.id) as ctx:
        theirs = create_product(ctx, {"code": "SCR-6", "name": "Schroef"})
        assert theirs.id != mine and get_by_code(ctx, "SCR-6") is theirs
        with pytest.raises(ProductNotFound):
            get_product(ctx, mine)
        assert list_products(ctx).total == 1


def test_bad_input_names_every_field_and_saves_nothing(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        with pytest.raises(ProductValidationError) as refused:
            create_product(
                ctx,
                {"name": "", "sale_price": "-3", "vat_rate": "7", "unit": "bucket", "x": 1},
            )
        assert set(refused.value.errors) == {"name", "sale_price", "vat_rate", "unit", "x"}
        assert list_products(ctx, active=None).total == 0


def test_names_per_language_units_and_prices_are_read_as_typed(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(
            ctx,
            {
                "name_nl": "Werkuur",
                "name_fr": "Heure de travail",
                "description_fr": "Main-d'œuvre",
                "unit": "uur",
                "sale_price": "€ 1.234,50",
                "purchase_price": "",
                "vat_rate": "6",
                "category": "Arbeid",
            },
        )
        assert product.name == "Werkuur" and product.unit == "HUR"
        assert product.sale_price == Decimal("1234.50") and product.purchase_price is None
        assert product.name_in("fr") == "Heure de travail"
        assert product.name_in("de") == "Werkuur"
        assert product.description_in("fr") == "Main-d'œuvre" and product.description_in("nl") == ""
        assert product.category is not None and product.category.name == "Arbeid"


def test_update_changes_only_what_is_given(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(
            ctx, {"name": "Kraan", "names": {"fr": "Robinet", "en": "Tap"}, "sale_price": "40"}
        )
        update_product(ctx, product.id, {"name_en": "", "name_de": "Wasserhahn", "vat_rate": 6})
        assert product.names == {"fr": "Robinet", "de": "Wasserhahn"}
        assert product.sale_price == Decimal("40") and product.vat_rate == Decimal("6")
        other = create_product(ctx, {"name": "Buis"})
        with pytest.raises(ProductValidationError):
            update_product(ctx, other.id, {"code": product.code})
        assert other.code != product.code


def test_archived_products_leave_the_list_but_keep_their_code(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        product = create_product(ctx, {"name": "Oude lamp"})
        archive_product(ctx, product.id)
        assert list_products(ctx).total == 0
        assert list_products(ctx, active=False).items == [product]
        assert get_by_code(ctx, product.code) is product
        archive_product(ctx, product.id, archived=False)
        assert list_products(ctx).items == [product]


def test_search_category_filter_sort_and_pages(facturo_app, shop):
    with facturo_app.tenant_context(shop.id) as ctx:
        tools = create_category(ctx, "Gereedschap")
        for index in range(12):
            create_product(
                ctx,
                {
                    "code": f"HAM{chr(65 + index)}",
                    "name": f"Hamer {index:02d}",
                    "names": {"fr": f"Marteau {index:02d}"},
                    "category_id": tools.id if index % 2 else None,
                    "sale_price": index,
                },
            )
        create_product(ctx, {"code": "ÉCR-1", "name": "Écrou", "sale_price": 1})
        assert list_products(ctx, search="marteau").total == 12
        assert "Hamer 07" in [p.name for p in list_products(ctx, search="marteau 07").items]
        assert [p.name for p in list_products(ctx, search="ecr").items] == ["Écrou"]
        assert list_products(ctx, search="HAMER 1").total == 3  # 01, 10, 11
        assert list_products(ctx, category_id=tools.id).total == 6
        page = list_products(ctx, sort="-price", per_page=5, page=2)
        assert page.total == 13 and page.pages == 3
        assert [p.name for p in page.items] == [f"Hamer {i:02d}" for i in (6, 5, 4, 3, 2)]
        assert list_products(ctx, search="100%_").total == 0
        delete_category(ctx, tools.id)
        assert list_categories(ctx) == []
        assert list_products(ctx, search="Hamer 01").items[0].category_id is None
