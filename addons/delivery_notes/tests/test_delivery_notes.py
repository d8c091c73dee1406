"""Delivery notes: numbering, hidden prices, several notes invoiced once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from addons.delivery_notes.service import (
    DeliveryNoteError,
    invoice_notes,
    invoice_of,
    invoiced_elsewhere,
    is_invoiced,
    prices_hidden,
    set_prices_hidden,
    uninvoiced_notes,
)
from core.contacts.service import create_customer
from core.documents.cancel import cancel_document
from core.documents.convert import convert, linked_sources
from core.documents.errors import DocumentError, ValidationFailed
from core.documents.kinds import UnknownKind, available, kind_of
from core.documents.loaded import DOCUMENTS, announcing
from core.documents.posting import post_document
from core.documents.service import delete_draft

YEAR = date.today().year


def days(*numbers: int) -> list[date]:
    """Dates in March of this year."""
    return [date(YEAR, 3, n) for n in numbers]


def test_three_notes_become_one_invoice_and_are_marked_invoiced(
    facturo_app, depot, make_note
):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        pairs = zip(days(2, 5, 12), (2, 3, 4), strict=True)
        notes = [make_note(ctx, day, qty) for day, qty in pairs]
        assert [n.number for n in notes] == [f"LB{YEAR}-000{i}" for i in (1, 2, 3)]
        assert uninvoiced_notes(ctx) == notes
        invoice = invoice_notes(ctx, [notes[2], notes[0], notes[1]], issue_date=days(31)[0])
        assert [line.description for line in invoice.lines] == [
            f"Leveringsbon LB{YEAR}-0001 van 02/03/{YEAR}", "Bak pils",
            f"Leveringsbon LB{YEAR}-0002 van 05/03/{YEAR}", "Bak pils",
            f"Leveringsbon LB{YEAR}-0003 van 12/03/{YEAR}", "Bak pils",
        ]
        assert invoice.total_excl_vat == Decimal("166.50")
        assert linked_sources(ctx, invoice) == notes
        assert all(is_invoiced(ctx, note) for note in notes)
        assert invoice_of(ctx, notes[1]) is invoice
        assert uninvoiced_notes(ctx) == []
        with pytest.raises(DeliveryNoteError, match="already invoiced"):
            invoice_notes(ctx, [notes[1]])
        post_document(ctx, invoice)
        with pytest.raises(DeliveryNoteError, match=f"LB{YEAR}-0002 is already invoiced"):
            invoice_notes(ctx, notes[1:])


def test_the_subtitle_speaks_the_invoices_language(facturo_app, depot, make_note):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        client = create_customer(ctx, {"name": "Brasserie Lenoir", "language": "fr"}).id
        note = make_note(ctx, days(4)[0], 1, customer=client)
        invoice = invoice_notes(ctx, [note])
        assert invoice.lines[0].description == f"Bon de livraison LB{YEAR}-0001 du 04/03/{YEAR}"
        assert kind_of(ctx, "delivery_note").label("de") == "Lieferschein"


def test_what_cannot_be_invoiced_is_refused_and_nothing_is_made(
    facturo_app, depot, make_note
):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        other = create_customer(ctx, {"name": "Frituur Nicole"}).id
        mine, theirs = make_note(ctx, days(1)[0], 1), make_note(ctx, days(1)[0], 1, other)
        draft = make_note(ctx, days(2)[0], 1, posted=False)
        with pytest.raises(DeliveryNoteError, match="draft"):
            invoice_notes(ctx, [mine, draft])
        with pytest.raises(DeliveryNoteError, match="chosen twice"):
            invoice_notes(ctx, [mine, mine])
        with pytest.raises(Exception, match="same customer"):
            invoice_notes(ctx, [mine, theirs])
        with pytest.raises(DeliveryNoteError, match="at least one"):
            invoice_notes(ctx, [])
        assert uninvoiced_notes(ctx, customer_id=other) == [theirs]
        assert not is_invoiced(ctx, mine)


def test_a_cancelled_note_is_no_longer_to_invoice(facturo_app, depot, make_note):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        kept, cancelled = make_note(ctx, days(1)[0], 1), make_note(ctx, days(2)[0], 2)
        cancel_document(ctx, cancelled)
        assert uninvoiced_notes(ctx) == [kept]
        with pytest.raises(DocumentError, match="is cancelled"):
            invoice_notes(ctx, [kept, cancelled])
        assert not is_invoiced(ctx, kept)


def test_deleting_a_draft_invoice_frees_its_notes_and_posting_twice_is_refused(
    facturo_app, depot, make_note
):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        note = make_note(ctx, days(3)[0], 2)
        delete_draft(ctx, invoice_notes(ctx, [note]))
        assert not is_invoiced(ctx, note)
        first = invoice_notes(ctx, [note])
        second = convert(ctx, note, "invoice")  # around the check, straight through core
        post_document(ctx, first)
        with pytest.raises(ValidationFailed, match="already invoiced"):
            post_document(ctx, second)
        assert second.is_draft and second.number is None
        assert first.number is not None


def test_invoices_announced_together_are_checked_alike(facturo_app, depot, make_note):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        note, other = make_note(ctx, days(3)[0], 2), make_note(ctx, days(4)[0], 1)
        first = invoice_notes(ctx, [note])
        second = convert(ctx, note, "invoice")  # around the check, straight through core
        third = invoice_notes(ctx, [other])
        post_document(ctx, first)
        with announcing(ctx.session, DOCUMENTS, [second.id, third.id]):
            refused, fine = (invoiced_elsewhere(ctx, doc) for doc in (second, third))
        assert len(refused) == 1 and "already invoiced" in refused[0]
        assert fine == []
        with announcing(ctx.session, DOCUMENTS, [third.id]):
            assert post_document(ctx, third).number is not None
            fourth = convert(ctx, other, "invoice")
            assert invoiced_elsewhere(ctx, fourth)  # not announced: read on its own


def test_prices_can_be_hidden_per_note(facturo_app, depot, make_note):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        shown, hidden = make_note(ctx, days(6)[0], 1), make_note(ctx, days(6)[0], 5)
        set_prices_hidden(ctx, hidden)
        assert (prices_hidden(ctx, shown), prices_hidden(ctx, hidden)) == (False, True)
        assert ctx.call("document_hides_prices", document=hidden) is True
        assert ctx.call("document_hides_prices", document=shown) is None
        invoice = invoice_notes(ctx, [hidden])
        assert invoice.total_excl_vat == Decimal("92.50")
        assert ctx.call("document_hides_prices", document=invoice) is None
        set_prices_hidden(ctx, hidden, False)
        assert not prices_hidden(ctx, hidden)


def test_switched_off_no_notes_and_on_again_its_data_is_back(facturo_app, depot, make_note):
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        note = make_note(ctx, days(9)[0], 1)
        set_prices_hidden(ctx, note)
        invoice_id = invoice_notes(ctx, [note]).id
        note_id = note.id
    facturo_app.addon_manager.switch_off(depot.id, "delivery_notes")
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        assert "delivery_note" not in {kind.id for kind in available(ctx)}
        with pytest.raises(UnknownKind):
            make_note(ctx, days(10)[0], 1, posted=False)
        assert ctx.call("document_hides_prices", document=ctx.session.get(
            type(note), note_id)) is None
        assert ctx.call("document_validate", document=ctx.session.get(
            type(note), invoice_id)) == []
    facturo_app.addon_manager.switch_on(depot.id, "delivery_notes")
    with facturo_app.tenant_context(depot.id, write=True) as ctx:
        assert prices_hidden(ctx, note_id)
        assert invoice_of(ctx, note_id).id == invoice_id
        assert make_note(ctx, days(11)[0], 1).number == f"LB{YEAR}-0002"
