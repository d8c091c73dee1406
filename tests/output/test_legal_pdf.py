"""What Belgian law asks on every printed document, read back from real PDFs with pypdf.

Legal mentions per VAT regime, the corrected invoice on a credit note, the company's legal
identity, the EPC QR code only in euro, Latin Extended glyphs in the embedded font, German
labels, and stored PDFs that show a document as it was issued.
"""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from reportlab.pdfbase.ttfonts import TTFontFile
from sqlalchemy import func, select

from core.contacts.service import create_customer
from core.documents.credit import create_credit_note
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import apply_payment, create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting
from core.i18n import gettext
from core.output import adapter
from core.output.formatting import Formatter
from core.output.labels import KIND_TITLES, LABELS
from core.output.models import DocumentFile
from core.output.pdf import render_pdf, template_context
from core.output.samples import sample_view
from core.output.stored import post_and_store, posted_pdf, store_missing_pdfs
from core.output.view import Line

COMPANY = {
    adapter.COMPANY_STREET: "Kerkstraat 12",
    adapter.COMPANY_POSTAL_CODE: "9000",
    adapter.COMPANY_CITY: "Gent",
    adapter.COMPANY_IBAN: "BE71 0961 2345 6769",
    SELLER_VAT_NUMBER: "BE0876543270",
}
LINES = [LineData(description="Werk", quantity=2, unit_price="100.00", vat_rate=21)]

#: regime → (customer, [(language, texts the PDF must print)], text it must not print)
REGIMES = {
    "reverse_charge": (
        {"name": "Renovatie Claes BV", "vat_number": "BE0555123476"},
        [("nl", ["Verlegging van heffing – art. 20 KB nr. 1",
                 "Bij gebrek aan schriftelijke betwisting binnen een termijn van één maand",
                 "belastingplichtige is gehouden tot het indienen van periodieke aangiften"]),
         ("fr", ["Autoliquidation – art. 20 AR n° 1",
                 "En l'absence de contestation par écrit, dans un délai d'un mois",
                 "assujetti tenu au dépôt de déclarations périodiques"])],
        "art. 21",
    ),
    "intra_eu_services": (
        {"name": "Holzbau Müller GmbH", "vat_number": "DE136695976", "country": "DE"},
        [("nl", ["Verlegging van heffing – art. 21, § 2 WBTW en art. 196 Richtlijn "
                 "2006/112/EG"]),
         ("fr", ["Autoliquidation – art. 21, § 2 CTVA et art. 196 directive 2006/112/CE"]),
         ("de", ["Steuerschuldnerschaft des Leistungsempfängers – Art. 21 § 2 belg. MwStGB "
                 "und Art. 196 Richtlinie 2006/112/EG"])],
        "art. 20",
    ),
    "intra_eu": (
        {"name": "Holzbau Müller GmbH", "vat_number": "DE136695976", "country": "DE"},
        [("en", ["Exempt intra-Community supply of goods – art. 39bis, first paragraph, 1° "
                 "Belgian VAT Code and art. 138 Directive 2006/112/EC"]),
         ("nl", ["Vrijgestelde intracommunautaire levering – art. 39bis, eerste lid, 1° WBTW"])],
        "art. 21",
    ),
    "export": (
        {"name": "Atelier Léman SA", "country": "CH"},
        [("fr", ["Exportation exemptée hors de l'Union européenne – art. 39, § 1er CTVA et "
                 "art. 146 directive 2006/112/CE"])],
        "39bis",
    ),
    "exempt": (
        {"name": "vzw De Kleine Stap"},
        [("nl", ["Vrijgesteld van btw – art. 44 WBTW"])],
        "art. 20",
    ),
    "renovation": (
        {"name": "Famille Dubois", "is_company": False},
        [("fr", ["Taux de TVA de 6 % pour la rénovation d'une habitation – AR n° 20, "
                 "tableau A, rubrique XXXI",
                 "au moins dix ans", "consommateur final",
                 "le taux normal de TVA de 21 % sera applicable"]),
         ("nl", ["ten minste tien jaar", "eindverbruiker"])],
        "art. 20",
    ),
}


def text_of(pdf: bytes) -> str:
    """The PDF's text, pages joined, no-break spaces made ordinary, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(
        " ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages
    )


def setup_company(app, tenant_id, **extra: str) -> None:
    with app.tenant_context(tenant_id, write=True) as ctx:
        for key, value in {**COMPANY, **extra}.items():
            set_setting(ctx.session, key, value)


def posted(app, tenant_id, customer: dict, *, regime="standard", language="nl",
           lines=LINES, currency="EUR") -> int:
    with app.tenant_context(tenant_id, write=True) as ctx:
        buyer = create_customer(ctx, {**customer, "language": language})
        draft = create_document(ctx, "invoice", buyer.id, vat_regime=regime, language=language,
                                currency=currency, issue_date=date(2026, 3, 2), lines=lines)
        document_id = draft.id
    post_and_store(app, tenant_id, document_id)
    return document_id


def stored_pdf(app, tenant_id, document_id) -> bytes:
    with app.tenant_context(tenant_id) as ctx:
        return posted_pdf(ctx, ctx.session.get(Document, document_id))


@pytest.mark.parametrize("regime", sorted(REGIMES))
def test_each_regime_prints_its_legal_text_in_the_document_language(
    facturo_app, tenant, regime
):
    setup_company(facturo_app, tenant.id)
    customer, cases, foreign = REGIMES[regime]
    for language, expected in cases:
        document_id = posted(facturo_app, tenant.id, customer, regime=regime, language=language,
                             lines=[replace(LINES[0], vat_rate=6 if regime == "renovation"
                                            else 21)])
        text = text_of(stored_pdf(facturo_app, tenant.id, document_id))
        for sentence in expected:
            assert sentence in text, (language, sentence)
        assert foreign not in text


def test_reverse_charge_vat_totals_name_the_mechanism_instead_of_a_rate(facturo_app, tenant):
    setup_company(facturo_app, tenant.id)
    customer = REGIMES["reverse_charge"][0]
    document_id = posted(facturo_app, tenant.id, customer, regime="reverse_charge",
                         language="fr")
    with facturo_app.tenant_context(tenant.id) as ctx:
        view = adapter.build_view(ctx, ctx.session.get(Document, document_id))
    assert [total.label for total in view.vat_totals] == ["Autoliquidation"]


def test_a_credit_note_prints_the_number_and_date_of_the_invoice_it_corrects(
    facturo_app, tenant
):
    setup_company(facturo_app, tenant.id)
    invoice_id = posted(facturo_app, tenant.id, {"name": "Bakkerij Janssens"})
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        number = invoice.number
        note = create_credit_note(ctx, invoice, issue_date=date(2026, 4, 15))
        note_id = note.id
    post_and_store(facturo_app, tenant.id, note_id)
    text = text_of(stored_pdf(facturo_app, tenant.id, note_id))
    assert f"Creditnota bij factuur {number}" in text
    assert "Factuurdatum 2 maart 2026" in text
    assert "15 april 2026" in text  # the credit note's own date


def test_the_company_legal_identity_is_on_every_document(facturo_app, tenant):
    setup_company(facturo_app, tenant.id, **{
        adapter.COMPANY_LEGAL_FORM: "BV",
        adapter.COMPANY_REGISTER: "RPR Gent",
        adapter.COMPANY_IN_LIQUIDATION: "1",
    })
    document_id = posted(facturo_app, tenant.id, {"name": "Bakkerij Janssens"})
    text = text_of(stored_pdf(facturo_app, tenant.id, document_id))
    assert "in vereffening" in text
    assert "Ondernemingsnummer 0876.543.270" in text  # from the VAT number when not given
    assert "RPR Gent" in text
    french = posted(facturo_app, tenant.id, {"name": "Boulangerie Dubois"}, language="fr")
    text = text_of(stored_pdf(facturo_app, tenant.id, french))
    assert "en liquidation" in text and "Numéro d'entreprise 0876.543.270" in text


def test_the_epc_qr_code_is_printed_only_for_documents_in_euro():
    euro = sample_view()
    dollars = replace(euro, currency="USD", payment=replace(euro.payment, currency="USD"))
    assert template_context(euro)["qr"] is not None
    assert template_context(dollars)["qr"] is None
    pdf = render_pdf(dollars)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert not list(reader.pages[0].images)  # no QR code
    assert list(pypdf.PdfReader(io.BytesIO(render_pdf(euro))).pages[0].images)
    text = text_of(pdf)
    assert "BE71 0961 2345 6769" in text and "+++010/8068/17183+++" in text


def test_a_posted_invoice_in_dollars_keeps_its_bank_details_without_qr(facturo_app, tenant):
    setup_company(facturo_app, tenant.id)
    document_id = posted(facturo_app, tenant.id, {"name": "Acme Inc", "country": "US"},
                         regime="export", language="en", currency="USD")
    pdf = stored_pdf(facturo_app, tenant.id, document_id)
    assert not list(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images)
    assert "BE71 0961 2345 6769" in text_of(pdf)


def _glyph_covers(pdf: bytes, char: str) -> list[str]:
    """The embedded fonts whose own tables draw `char` with a real outline.

    The character's code is read from the font's ToUnicode map; the embedded font program
    (FontFile2) must map that code to a glyph other than .notdef in its cmap, and that glyph
    must have an outline in `glyf` (a box or an empty glyph would not).
    """
    found = []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font or "/FontDescriptor" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            target = f"<{ord(char):04X}>"
            codes = [int(line[1:3], 16) for line in cmap.splitlines()
                     if line.startswith("<") and line.endswith(target)]
            program = font["/FontDescriptor"].get_object().get("/FontFile2")
            if not codes or program is None:
                continue
            data = program.get_object().get_data()
            parsed = TTFontFile(io.BytesIO(data), validate=0)
            glyph = parsed.charToGlyph.get(codes[0], 0)
            if glyph and _has_outline(data, parsed, glyph):
                found.append(str(font["/BaseFont"]))
    return found


def _has_outline(data: bytes, parsed: TTFontFile, glyph: int) -> bool:
    """Whether the glyph's `glyf` entry is non-empty, from the font's `loca` table."""
    offset = parsed.table["loca"]["offset"]
    head = parsed.table["head"]["offset"]
    long_offsets = struct.unpack(">h", data[head + 50: head + 52])[0] == 1
    if long_offsets:
        start, end = struct.unpack(">II", data[offset + 4 * glyph: offset + 4 * glyph + 8])
    else:
        start, end = (2 * v for v in struct.unpack(
            ">HH", data[offset + 2 * glyph: offset + 2 * glyph + 4]))
    return end > start


@pytest.mark.parametrize("theme", ["default", "modern"])
def test_latin_extended_letters_are_drawn_by_the_embedded_font(theme):
    view = sample_view(theme=theme)
    view = replace(view, buyer=replace(view.buyer, name="Łukasz Dvořák"),
                   lines=(Line.text("Dostawa łóżka do Łodzi, Őrség, Győr, Čakovec"), *view.lines))
    pdf = render_pdf(view)
    text = text_of(pdf)
    assert "Dostawa łóżka do Łodzi, Őrség, Győr, Čakovec" in text and "Łukasz Dvořák" in text
    for char in "łŁőŐČř":
        assert _glyph_covers(pdf, char), f"no embedded font draws {char!r}"


def test_german_documents_print_german_labels_throughout():
    view = sample_view(language="de")
    text = text_of(render_pdf(view))
    for word in ("Rechnung", "Nummer", "Datum", "Fälligkeitsdatum", "Beschreibung", "Menge",
                 "Einzelpreis", "Betrag", "Gesamtbetrag ohne MwSt.", "Zahlung",
                 "Strukturierte Mitteilung", "Seite"):
        assert word in text, word
    for english in ("Invoice", "Quantity", "Unit price", "Due date", "Total excl. VAT",
                    "Payment", "Page", "Scan to pay"):
        assert english not in text, english
    untranslated = [text for text in (*LABELS.values(), *KIND_TITLES.values())
                    if gettext(text, "de") == text and text not in ("IBAN", "BIC")]
    assert untranslated == []


def test_an_invoice_credited_before_its_pdf_is_drawn_prints_as_issued(facturo_app, tenant):
    setup_company(facturo_app, tenant.id)
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        buyer = create_customer(ctx, {"name": "Bakkerij Janssens"})
        invoice = post_document(ctx, create_document(
            ctx, "invoice", buyer.id, issue_date=date(2026, 3, 2), lines=LINES))
        apply_payment(ctx, invoice, Decimal("50.00"))
        post_document(ctx, create_credit_note(ctx, invoice))
        invoice_id = invoice.id
        assert invoice.state == "credited"
    text = text_of(stored_pdf(facturo_app, tenant.id, invoice_id))
    assert "Reeds betaald" not in text  # nothing was paid when it was issued
    assert "Bedrag € 242,00" in text  # the payment block asks the whole amount
    with facturo_app.tenant_context(tenant.id) as ctx:
        view = adapter.build_view(ctx, ctx.session.get(Document, invoice_id))
        assert view.amount_paid == Decimal("292.00")  # the live view knows what happened since


def test_store_missing_pdfs_gives_every_posted_document_its_pdf(facturo_app, tenant):
    setup_company(facturo_app, tenant.id)
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        buyer = create_customer(ctx, {"name": "Bakkerij Janssens"})
        for _ in range(2):
            post_document(ctx, create_document(ctx, "invoice", buyer.id, lines=LINES))
        create_document(ctx, "invoice", buyer.id, lines=LINES)  # a draft: never stored
    assert store_missing_pdfs(facturo_app, tenant.id) == 2
    assert store_missing_pdfs(facturo_app, tenant.id) == 0
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(DocumentFile)) == 2


def test_every_posted_demo_document_has_its_stored_pdf_as_issued(facturo_app, tenant):
    from core.demo_documents import CREDIT_KEY, CREDITED_KEY, demo_document, seed_documents

    seed_documents(facturo_app, tenant, issued=date(2026, 3, 2))
    with facturo_app.tenant_context(tenant.id) as ctx:
        posted_ids = set(ctx.session.scalars(
            select(Document.id).where(Document.number.is_not(None))))
        stored_ids = set(ctx.session.scalars(select(DocumentFile.document_id)))
        assert posted_ids and stored_ids == posted_ids
        invoice = demo_document(ctx, CREDITED_KEY)
        note = demo_document(ctx, CREDIT_KEY)
        assert invoice.amount_credited > 0  # one book was credited after the invoice was issued
        invoice_number, invoice_total = invoice.number, invoice.total_incl_vat
        invoice_pdf, note_pdf = posted_pdf(ctx, invoice), posted_pdf(ctx, note)
    assert "Reeds betaald" not in text_of(invoice_pdf)
    amount = Formatter("nl").money(invoice_total).replace("\xa0", " ")
    assert f"Bedrag {amount}" in text_of(invoice_pdf)
    note_text = text_of(note_pdf)
    assert f"Creditnota bij factuur {invoice_number}" in note_text
    assert "Factuurdatum 2 maart 2026" in note_text
    assert "RPR Gent" in note_text and "Ondernemingsnummer 0876.543.270" in note_text


def test_a_missing_document_font_is_a_clear_error(tmp_path, monkeypatch):
    from core.output import fonts

    monkeypatch.setenv("FACTURO_FONT_DIR", str(tmp_path))
    fonts.font_dir.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="fonts-dejavu-core"):
            fonts.faces()
    finally:
        monkeypatch.delenv("FACTURO_FONT_DIR")
        fonts.font_dir.cache_clear()
    assert fonts.font_dir().joinpath("DejaVuSans.ttf").is_file()
