"""A document made from another (credit note, conversion) takes the source's header."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.documents.credit import create_credit_note, draft_like
from core.documents.posting import post_document
from core.documents.service import create_document

LINE = {"description": "Work", "quantity": Decimal(2), "unit_price": Decimal(50),
        "vat_rate": Decimal(21)}
HEADER = {"language": "fr", "attention": "Service comptable", "notes": "Merci",
          "issue_date": date(2026, 3, 2)}


def test_a_credit_note_and_a_draft_like_take_the_same_header(app, tenant_id, customer_id):
    with app.tenant_context(tenant_id) as ctx:
        invoice = post_document(ctx, create_document(ctx, "invoice", customer_id, lines=[LINE],
                                                     **HEADER))
        note = create_credit_note(ctx, invoice, notes="Retour", issue_date=date(2026, 3, 9))
        copy = draft_like(ctx, invoice, "invoice", date(2026, 3, 9))
        fields = ("customer_id", "language", "vat_regime", "vat_exemption_article", "currency",
                  "attention", "contact_person_id")
        for made in (note, copy):
            assert [getattr(made, f) for f in fields] == [getattr(invoice, f) for f in fields]
            assert made.issue_date == date(2026, 3, 9)
        assert note.notes == "Retour" and note.credited_document_id == invoice.id
        assert copy.notes == "Merci" and copy.credited_document_id is None
