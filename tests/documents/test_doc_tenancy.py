"""Tenant isolation: a tenant never sees, changes, posts or credits another tenant's document."""

from __future__ import annotations

import pytest
from document_helpers import add_customer
from sqlalchemy import select

from core.documents.credit import create_credit_note
from core.documents.errors import DocumentError
from core.documents.lines import LineData, add_line
from core.documents.models import Document, DocumentLine
from core.documents.posting import post_document
from core.documents.service import create_document
from core.tenants.service import create_tenant


def test_documents_stay_with_their_tenant(app, tenant_id, customer_id):
    other = create_tenant(app, "Concurrent BV").id
    with app.tenant_context(tenant_id, write=True) as ctx:
        mine = create_document(ctx, "invoice", customer_id, lines=[
            LineData(description="x", quantity=1, unit_price=10)])
        posted = post_document(ctx, create_document(ctx, "invoice", customer_id, lines=[
            LineData(description="y", quantity=1, unit_price=10)]))
        mine_id, posted_id = mine.id, posted.id
    with app.tenant_context(other, write=True) as ctx:
        theirs = add_customer(ctx, "Hun klant")
        assert ctx.session.scalars(select(Document)).all() == []
        assert ctx.session.scalars(select(DocumentLine)).all() == []
        for attempt in (
            lambda: add_line(ctx, mine_id, description="sneaky", quantity=1, unit_price=1),
            lambda: post_document(ctx, mine_id),
            lambda: create_credit_note(ctx, posted_id),
        ):
            with pytest.raises(DocumentError, match="does not exist"):
                attempt()
        with pytest.raises(DocumentError, match="does not exist"):
            create_document(ctx, "invoice", customer_id)  # the other tenant's customer
        own = post_document(ctx, create_document(ctx, "invoice", theirs, lines=[
            LineData(description="z", quantity=1, unit_price=5)]))
        assert own.number == posted.number  # each tenant numbers on its own
    with app.tenant_context(tenant_id) as ctx:
        stored = ctx.session.get(Document, mine_id)
        assert [line.description for line in stored.lines] == ["x"]
        assert stored.state == "draft"
