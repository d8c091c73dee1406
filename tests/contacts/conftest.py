"""Fixtures of the contact tests: units of work per tenant, valid Belgian VAT numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from core.context import Context
from core.i18n import use_language


def be_vat(seed: int) -> str:
    """A valid Belgian VAT number (`BE0` + 7 digits + mod-97 check) from a seed."""
    base = 2_000_000 + seed
    first = f"0{base:07d}"
    return f"BE{first}{97 - int(first) % 97:02d}"


@pytest.fixture
def work(facturo_app, tenant) -> Callable[..., AbstractContextManager[Context]]:
    """`with work() as ctx:` a committed unit of work for the tenant (or `work(other_id)`),
    with messages in English."""

    @contextmanager
    def unit(tenant_id: int | None = None, **options: Any) -> Iterator[Context]:
        options.setdefault("language", "en")
        with use_language(options["language"]), \
                facturo_app.tenant_context(tenant_id or tenant.id, **options) as ctx:
            yield ctx

    return unit


@pytest.fixture(name="be_vat")
def be_vat_fixture() -> Callable[[int], str]:
    """`be_vat(seed)`: a valid Belgian VAT number."""
    return be_vat
