"""The database itself keeps what a posted document was: no delete, no change, no reused id.

These statements bypass the services on purpose (raw SQL and the ORM's own delete): the
triggers refuse them on both engines, whatever the application code does.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from document_helpers import add_customer
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from core.db.base import Base
from core.documents.lines import LineData
from core.documents.models import Document, DocumentLine
from core.documents.posting import post_document
from core.documents.service import create_document, delete_draft
from core.output.models import DocumentFile, StoredFileImmutable
from core.output.stored import store_pdf

GUARDED_TABLES = ("documents", "document_lines", "document_files")


def _invoice(ctx, customer_id):
    return create_document(ctx, "invoice", customer_id, issue_date=date(2026, 3, 2), lines=[
        LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6),
    ])


@pytest.fixture
def posted(app, tenant_id):
    """A posted invoice with its stored PDF: (document id, line ids, file id)."""
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = post_document(ctx, _invoice(ctx, add_customer(ctx).id))
        stored = store_pdf(ctx, doc)
        return doc.id, [line.id for line in doc.lines], stored.id


@pytest.mark.parametrize("statement", [
    "DELETE FROM documents WHERE id = :doc",
    "DELETE FROM document_lines WHERE document_id = :doc",
    "DELETE FROM document_files WHERE document_id = :doc",
    "UPDATE document_files SET content = x'00', size = 1 WHERE document_id = :doc",
    "UPDATE documents SET total_incl_vat = 0 WHERE id = :doc",
])
def test_raw_sql_cannot_delete_or_change_a_posted_document(app, tenant_id, posted, statement):
    doc_id, line_ids, file_id = posted
    with pytest.raises(DBAPIError), app.db.session(tenant_id) as session:
        session.execute(text(statement), {"doc": doc_id})
    with app.db.session(tenant_id) as session:
        assert session.get(Document, doc_id).total_incl_vat == D("6.57")
        assert session.scalars(select(DocumentLine.id).order_by(DocumentLine.id)).all() \
            == line_ids
        assert session.get(DocumentFile, file_id).size > 1


def test_the_orm_cannot_delete_a_posted_document_or_its_file(app, tenant_id, posted):
    doc_id, line_ids, file_id = posted
    for model, row_id in ((Document, doc_id), (DocumentFile, file_id),
                          (DocumentLine, line_ids[0])):
        # the stored file is refused by the application first (StoredFileImmutable), the
        # rest by the database; raw SQL reaches the database's wall for all three
        with pytest.raises((DBAPIError, StoredFileImmutable)), \
                app.db.session(tenant_id) as session:
            session.delete(session.get(model, row_id))
            session.flush()
        with app.db.session(tenant_id) as session:
            assert session.get(model, row_id) is not None


def test_a_draft_still_goes_with_its_lines(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        draft = _invoice(ctx, add_customer(ctx).id)
        delete_draft(ctx, draft)
    with app.db.session(tenant_id) as session:
        assert session.scalars(select(Document.id)).all() == []
        assert session.scalars(select(DocumentLine.id)).all() == []


def test_ids_are_never_reused(app, tenant_id):
    with app.tenant_context(tenant_id, write=True) as ctx:
        customer_id = add_customer(ctx).id
        first = _invoice(ctx, customer_id)
        used = (first.id, first.lines[0].id)
        delete_draft(ctx, first)
    with app.tenant_context(tenant_id, write=True) as ctx:
        second = _invoice(ctx, customer_id)
        assert second.id > used[0] and second.lines[0].id > used[1]


def test_the_models_ask_for_ids_that_are_never_reused():
    for name in GUARDED_TABLES:
        assert Base.metadata.tables[name].kwargs.get("sqlite_autoincrement") is True, name


@pytest.mark.sqlite_only
def test_sqlite_tables_of_posted_documents_use_autoincrement(app):
    with app.db.engine.connect() as conn:
        for name in GUARDED_TABLES:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' "
                                    "AND name = :name"), {"name": name}).scalar_one()
            assert "AUTOINCREMENT" in sql.upper(), name
