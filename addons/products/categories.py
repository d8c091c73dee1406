"""Product categories: a flat list of names per tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from addons.products.errors import ProductNotFound, ProductValidationError
from addons.products.models import Category, Product
from addons.products.translation import _
from core.api import id_value, require_write

if TYPE_CHECKING:
    from core.api import Context

NAME_LENGTH = 100


def _clean_name(name: str) -> str:
    text = (name or "").strip()
    if not text:
        raise ProductValidationError({"name": _("a category needs a name")})
    if len(text) > NAME_LENGTH:
        raise ProductValidationError(
            {"name": _("at most %(count)s characters") % {"count": NAME_LENGTH}}
        )
    return text


def find_category(ctx: Context, name: str) -> Category | None:
    """The tenant's category of that name (case does not matter), or None."""
    wanted = (name or "").strip().lower()
    return ctx.session.scalars(
        select(Category).where(func.lower(Category.name) == wanted).limit(1)
    ).first()


def get_category(ctx: Context, category_id: int) -> Category:
    """A category of the tenant; `ProductNotFound` otherwise."""
    wanted = id_value(category_id)
    found = None if wanted is None else ctx.session.get(Category, wanted)
    if found is None:
        raise ProductNotFound(_("This category does not exist."))
    return found


def create_category(ctx: Context, name: str) -> Category:
    """A new category; refused when the tenant already has one of that name."""
    require_write(ctx)
    text = _clean_name(name)
    if find_category(ctx, text) is not None:
        raise ProductValidationError({"name": _("this category already exists")})
    category = Category(name=text)
    ctx.session.add(category)
    ctx.session.flush()
    return category


def category_named(ctx: Context, name: str) -> Category:
    """The category of that name, created when it does not exist yet (imports)."""
    return find_category(ctx, name) or create_category(ctx, name)


def rename_category(ctx: Context, category_id: int, name: str) -> Category:
    """Give a category another name (unique per tenant)."""
    require_write(ctx)
    category = get_category(ctx, category_id)
    text = _clean_name(name)
    other = find_category(ctx, text)
    if other is not None and other.id != category.id:
        raise ProductValidationError({"name": _("this category already exists")})
    category.name = text
    return category


def delete_category(ctx: Context, category_id: int) -> None:
    """Remove a category; its products stay, without a category."""
    require_write(ctx)
    category = get_category(ctx, category_id)
    ctx.session.execute(
        update(Product)
        .where(Product.category_id == category.id)
        .values(category_id=None)
        .execution_options(synchronize_session="fetch")
    )
    ctx.session.delete(category)
    ctx.session.flush()


def list_categories(ctx: Context) -> list[Category]:
    """Every category of the tenant, by name."""
    return list(ctx.session.scalars(select(Category).order_by(Category.name, Category.id)))
