"""PDF documents: content in the document language, pagination, themes, same bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
import segno

from core.output.formatting import Formatter
from core.output.labels import labels
from core.output.pdf import ThemeNotFound, available_themes, render_html, render_pdf
from core.output.samples import sample_view
from core.output.view import ExtraBlock, Line

LEGAL = {
    "nl": "Btw verlegd: de medecontractant is gehouden tot voldoening van de belasting.",
    "fr": "Autoliquidation : le cocontractant est redevable de la taxe.",
    "en": "Reverse charge: the customer is liable for the VAT.",
}


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, with no-break spaces made ordinary and lines joined."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_amounts_legal_mention_and_communication_in_the_document_language(language):
    view = sample_view(language=language, legal_mentions=(LEGAL[language],))
    [text] = pages_text(render_pdf(view))
    fmt = Formatter(language)
    assert plain(fmt.money(view.total)) in text
    assert plain(fmt.money(view.total_net)) in text
    for rate in view.vat_totals:
        assert plain(fmt.money(rate.base)) in text and plain(fmt.money(rate.vat)) in text
    assert plain(fmt.date(view.due_date)) in text
    assert LEGAL[language] in text
    assert "+++010/8068/17183+++" in text
    assert view.number in text and view.buyer.attention in text


def test_amounts_follow_each_languages_conventions():
    totals = {
        language: pages_text(render_pdf(sample_view(language=language)))[0]
        for language in ("nl", "fr", "en")
    }
    assert "€ 327,08" in totals["nl"] and "2 maart 2026" in totals["nl"]
    assert "327,08 €" in totals["fr"] and "2 mars 2026" in totals["fr"]
    assert "2 March 2026" in totals["en"]


def test_subtitles_and_text_lines_are_printed():
    view = sample_view(line_count=15)
    text = pages_text(render_pdf(view))[0]
    assert "Week 1" in text and "Week 2" in text
    assert "Levering aan de achteringang" in text


def test_five_page_document_repeats_the_table_header_and_numbers_its_pages():
    view = sample_view(line_count=140)
    pages = pages_text(render_pdf(view))
    t = labels(view.language)
    assert len(pages) == 5
    for number, text in enumerate(pages, start=1):
        assert f"{t['description']} {t['quantity']} {t['unit_price']}" in text
        assert f"{t['page']} {number} {t['of']} 5" in text
    assert Formatter("nl").money(view.total).replace("\xa0", " ") in pages[-1]


def test_same_view_gives_the_same_bytes_in_this_process_and_another():
    view = sample_view(line_count=12)
    first = render_pdf(view)
    assert render_pdf(view) == first
    script = (
        "import sys\n"
        "from core.output.pdf import render_pdf\n"
        "from core.output.samples import sample_view\n"
        "sys.stdout.buffer.write(render_pdf(sample_view(line_count=12)))\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=True,
        cwd=Path(__file__).resolve().parents[2], env={"PYTHONHASHSEED": "random"},
    ).stdout
    assert other == first


def test_another_view_gives_other_bytes():
    assert render_pdf(sample_view()) != render_pdf(sample_view(language="fr"))


def test_both_themes_render_with_the_tenants_accent_colour():
    assert {"default", "modern"} <= set(available_themes())
    for theme in ("default", "modern"):
        view = replace(sample_view(theme=theme), accent_colour="#0a7d5a")
        assert "#0a7d5a" in render_html(view)
        assert "+++010/8068/17183+++" in pages_text(render_pdf(view))[0]
    assert render_pdf(sample_view(theme="modern")) != render_pdf(sample_view())


def test_unknown_theme_and_bad_colour_are_refused():
    with pytest.raises(ThemeNotFound, match=r"available: .*default"):
        render_pdf(sample_view(theme="nosuchtheme"))
    with pytest.raises(ValueError, match="accent colour"):
        replace(sample_view(), accent_colour="red; background: url(x)")


def test_logo_and_qr_code_are_embedded_and_a_missing_logo_is_left_out(tmp_path):
    logo = tmp_path / "logo.png"
    segno.make("Janssens").save(str(logo), scale=5)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(replace(sample_view(), logo_path=logo))))
    assert len(reader.pages[0].images) == 2  # the logo and the payment QR code
    missing = replace(sample_view(), logo_path=tmp_path / "gone.png")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(missing)))
    assert len(reader.pages[0].images) == 1


def test_no_qr_code_and_no_payment_request_when_paid():
    view = sample_view()
    paid = replace(view, amount_paid=view.total,
                   payment=replace(view.payment, amount=Decimal("0")))
    pdf = render_pdf(paid)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
    assert "+++010/8068/17183+++" not in pages_text(pdf)[0]


def test_addon_blocks_are_printed_and_user_text_is_escaped():
    view = replace(
        sample_view(),
        lines=(Line.text("<b>Fish & chips</b>"), *sample_view().lines),
        extra_blocks=(ExtraBlock("deposits", "<p>Leeggoed: <strong>3 bakken</strong></p>"),),
    )
    html = render_html(view)
    assert "&lt;b&gt;Fish &amp; chips&lt;/b&gt;" in html
    assert "<strong>3 bakken</strong>" in html
    text = pages_text(render_pdf(view))[0]
    assert "Leeggoed: 3 bakken" in text and "<b>Fish & chips</b>" in text


def test_the_renderer_reads_no_files_named_in_the_html(tmp_path):
    secret = tmp_path / "secret.png"
    segno.make("secret").save(str(secret), scale=3)
    view = replace(sample_view(), extra_blocks=(ExtraBlock("x", f'<img src="{secret}">'),))
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(view)))
    assert len(reader.pages[0].images) == 1  # only the QR code


def test_html_carries_page_number_tags_and_a_repeated_header():
    html = render_html(sample_view())
    assert "<pdf:pagenumber>" in html and "<pdf:pagecount>" in html
    assert re.search(r'<table class="lines" repeat="1">\s*<thead>', html)


def test_a_short_document_that_runs_over_still_counts_its_pages():
    block = "".join(f"<p>Voorwaarde {n}</p>" for n in range(90))
    view = replace(sample_view(line_count=3), extra_blocks=(ExtraBlock("terms", block),))
    pages = pages_text(render_pdf(view))
    t = labels(view.language)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"{t['page']} {number} {t['of']} {len(pages)}" in text
    [single] = pages_text(render_pdf(sample_view(line_count=3)))
    assert f"{t['page']} 1 {t['of']} 1" in single
