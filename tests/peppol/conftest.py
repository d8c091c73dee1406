"""Fixtures of the PEPPOL tests: a shop with the app on, its demo documents, the UBL schemas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from core.app import Facturo
from core.demo_documents import MARK, seed_documents
from core.documents.models import Document
from core.tenants.models import Tenant

ISSUED = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Every test here reads messages in English (the kit's `english` fixture)."""


@pytest.fixture(scope="session")
def rules_folder() -> Path:
    """The folder of the official rules (UBL schemas, EN 16931, PEPPOL BIS): found beside the
    checkout, or the run fails — an e-invoice is never passed unchecked."""
    from addons.peppol.official import RulesNotFound
    from addons.peppol.official import rules_folder as find

    try:
        return find()
    except RulesNotFound as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def ubl_schemas(rules_folder: Path) -> dict[str, etree.XMLSchema]:
    """The OASIS UBL 2.1 schemas of Invoice and CreditNote."""
    from addons.peppol.official import SCHEMAS

    return {kind: etree.XMLSchema(etree.parse(str(rules_folder / path)))
            for kind, path in SCHEMAS.items()}


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
