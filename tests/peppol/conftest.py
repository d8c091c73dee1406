"""Fixtures of the PEPPOL tests: a shop with the app on, its demo documents, the UBL schemas."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from core.app import Facturo
from core.demo_documents import MARK, seed_documents
from core.documents.models import Document
from core.paths import PROJECT_ROOT
from core.tenants.models import Tenant

SCHEMAS = Path(PROJECT_ROOT).parent / "shared" / "schemas" / "ubl-2.1" / "maindoc"
ISSUED = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture(scope="session")
def ubl_schemas() -> dict[str, etree.XMLSchema]:
    """The OASIS UBL 2.1 schemas of Invoice and CreditNote (skipped where shared/ is absent,
    except in CI, where their absence fails the run)."""
    if not (SCHEMAS / "UBL-Invoice-2.1.xsd").is_file():
        message = f"the UBL 2.1 schemas are not at {SCHEMAS}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have shared/ beside the clone")
        pytest.skip(f"!!! UBL schema validation SKIPPED: {message} !!!")
    return {
        "Invoice": etree.XMLSchema(etree.parse(str(SCHEMAS / "UBL-Invoice-2.1.xsd"))),
        "CreditNote": etree.XMLSchema(etree.parse(str(SCHEMAS / "UBL-CreditNote-2.1.xsd"))),
    }


@pytest.fixture
def shop(make_tenant: Callable[..., Tenant]) -> Tenant:
    """A tenant with the PEPPOL app on."""
    return make_tenant("Demo BV", slug="shop", addons=("peppol",))


@pytest.fixture
def documents(facturo_app: Facturo, shop: Tenant) -> dict[str, int]:
    """The demo documents of the shop (an invoice of every regime, a credit note), by key."""
    seed_documents(facturo_app, shop, issued=ISSUED)
    with facturo_app.tenant_context(shop.id) as ctx:
        rows = ctx.session.execute(
            select(Document.internal_note, Document.id)
            .where(Document.internal_note.like(MARK + "%"))
        )
        return {note.removeprefix(MARK): doc_id for note, doc_id in rows}


@pytest.fixture
def ubl_of(facturo_app: Facturo) -> Callable[..., bytes]:
    """`ubl_of(tenant, document_id, attach_pdf=True)`: the checked e-invoice of a document."""
    from addons.peppol.service import document_ubl

    def make(tenant: Tenant, document_id: int, *, attach_pdf: bool = True) -> bytes:
        with facturo_app.tenant_context(tenant.id) as ctx:
            document = ctx.session.get(Document, document_id)
            assert document is not None
            return document_ubl(ctx, document, attach_pdf=attach_pdf)

    return make
