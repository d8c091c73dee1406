"""Fixtures of the settings pages' tests: clients by role and units of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from core.app import Facturo
from core.context import Context
from core.tenants.models import Role, Tenant


@pytest.fixture
def work(facturo_app: Facturo) -> Callable[..., Any]:
    """`with work(tenant) as ctx:` a committed unit of work of a tenant, as its owner."""

    @contextmanager
    def unit(tenant: Tenant, language: str = "en") -> Iterator[Context]:
        with facturo_app.tenant_context(tenant.id, role=Role.OWNER, language=language) as ctx:
            yield ctx

    return unit


@pytest.fixture
def client_of(web_client: Callable[..., Any]) -> Callable[..., Any]:
    """`client_of(tenant, role=OWNER, language="en")`: a logged-in test client."""

    def make(tenant: Tenant, role: Role = Role.OWNER, language: str = "en") -> Any:
        return web_client(tenant, role, language=language)

    return make
