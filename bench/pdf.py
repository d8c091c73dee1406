"""PDF throughput: the whole path (view → Jinja2 HTML + EPC QR → xhtml2pdf) against
xhtml2pdf converting the same finished HTML alone, for a one-page and a five-page invoice.

Run: `.venv/bin/python bench/pdf.py`. Target: the whole path within 1.2× of xhtml2pdf alone.
Every document has its own structured communication, so each one makes its own QR code.
Times are CPU times of this process, so that other work on the machine does not count.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xhtml2pdf import pisa
from xhtml2pdf.config.resources import default_policy

from core.documents.ogm import make
from core.output import epc, fonts
from core.output.pdf import render, render_html
from core.output.samples import sample_view

CASES = (("one-page invoice (8 lines)", 8, 20), ("five-page invoice (140 lines)", 140, 6))
TARGET = 1.2


def xhtml2pdf_alone(html: str) -> bytes:
    """xhtml2pdf on finished HTML, with its defaults and read access to the document font
    (which it embeds as the whole path does)."""
    out = io.BytesIO()
    policy = replace(default_policy(), extra_roots=(fonts.font_dir(),))
    pisa.CreatePDF(html, dest=out, resource_policy=policy)
    return out.getvalue()


def measure(line_count: int, runs: int) -> tuple[float, float, float, float, int]:
    """Median seconds per document: whole path, HTML only, xhtml2pdf alone, xhtml2pdf on the
    HTML that counts its pages itself (two layout passes); and pages.

    "Alone" converts the very HTML the whole path converted (for a one-page document, the
    one with its page count already written in).
    """
    views = [sample_view(line_count=line_count, structured_communication=make(1000 + i))
             for i in range(runs)]
    render(views[0])  # warm the caches of the first use
    whole, html_only, alone, counted = [], [], [], []
    for view in views:
        epc.data_uri.cache_clear()
        start = time.process_time()
        html, pdf = render(view)
        whole.append(time.process_time() - start)
        epc.data_uri.cache_clear()
        start = time.process_time()
        render_html(view, page_total=1 if b"/Count 1 /Kids" in pdf else None)
        html_only.append(time.process_time() - start)
        start = time.process_time()
        xhtml2pdf_alone(html)
        alone.append(time.process_time() - start)
        counting = render_html(view)
        start = time.process_time()
        xhtml2pdf_alone(counting)
        counted.append(time.process_time() - start)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    return (statistics.median(whole), statistics.median(html_only), statistics.median(alone),
            statistics.median(counted), pages)


def main() -> None:
    print("PDF rendering, one process, median CPU time per document")
    worst = 0.0
    for label, line_count, runs in CASES:
        whole, html_only, alone, counted, pages = measure(line_count, runs)
        ratio = whole / alone
        worst = max(worst, ratio)
        print(
            f"  {label}, {pages} page(s), {runs} documents:\n"
            f"    whole path      {1 / whole:6.1f} PDFs/s  ({whole * 1000:6.1f} ms; "
            f"of which HTML + QR {html_only * 1000:.1f} ms)\n"
            f"    xhtml2pdf alone {1 / alone:6.1f} PDFs/s  ({alone * 1000:6.1f} ms)\n"
            f"    ratio           {ratio:6.2f}×\n"
            f"    (xhtml2pdf counting the pages itself: {1 / counted:.1f} PDFs/s, "
            f"{counted * 1000:.1f} ms)"
        )
    verdict = "within" if worst <= TARGET else "OVER"
    print(f"worst ratio {worst:.2f}× — {verdict} the {TARGET}× target")


if __name__ == "__main__":
    main()
