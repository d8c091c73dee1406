"""The public API of the products addon, for addons that build on it."""

from addons.products.errors import ProductError, ProductNotFound, ProductValidationError
from addons.products.models import Category, Product
from addons.products.service import create_product, get_product

__all__ = [
    "Category",
    "Product",
    "ProductError",
    "ProductNotFound",
    "ProductValidationError",
    "create_product",
    "get_product",
]
