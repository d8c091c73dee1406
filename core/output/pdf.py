"""PDF documents: a `DocumentView` → HTML from the theme (Jinja2) → PDF (xhtml2pdf).

Same view, same bytes: ReportLab is put in its invariant mode (fixed creation date and
document ID) for the whole process, and everything the template reads comes from the view.
Images travel as `data:` URIs, so the renderer is allowed no network access and no file but
the document font (`core.output.fonts`, DejaVu Sans, which covers Latin Extended).
Rendering is CPU-bound (some 80 ms for a one-page invoice) and xhtml2pdf converts one document
at a time per process: from an `async` handler, call it in a worker thread.
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from core.output import epc, fonts
from core.output.formatting import Formatter
from core.output.labels import kind_title, labels
from core.output.view import DocumentView
from core.paths import THEMES_DIR

log = logging.getLogger(__name__)

DEFAULT_THEME = "default"
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif"}
LOGO_MAX_BYTES = 2 * 1024 * 1024

@lru_cache(maxsize=1)
def _converter() -> tuple[Any, Any]:
    """xhtml2pdf and its resource policy, imported on first use (it is slow to import).

    The policy allows nothing outside the HTML itself but the document font's folder: no
    other file, no network. ReportLab's invariant mode makes the same input give the same
    bytes.
    """
    from reportlab import rl_config
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    rl_config.invariant = 1
    policy = ResourceAccessPolicy.server(base_dir=None, allow_remote=False, max_render_seconds=120,
                                         extra_roots=(fonts.font_dir(),))
    return pisa, policy


#: Rows (table lines, legal mentions, ...) that surely fit on the first page of every theme.
ONE_PAGE_ROWS = 12
_PAGE_TREE = re.compile(rb"/Count (\d+) /Kids \[[^\]]*\] /Type /Pages")


class PdfError(RuntimeError):
    """The document could not be converted to PDF."""


class ThemeNotFound(LookupError):
    """No theme of that name has PDF templates."""


def available_themes(root: Path = THEMES_DIR) -> list[str]:
    """Names of the themes that have PDF templates."""
    return sorted(p.parent.name for p in root.glob("*/pdf") if p.is_dir())


@lru_cache(maxsize=32)
def environment(theme: str, root: Path = THEMES_DIR) -> jinja2.Environment:
    """The Jinja environment of a theme; templates it lacks come from the default theme."""
    folder = root / theme / "pdf"
    if not folder.is_dir():
        raise ThemeNotFound(
            f"theme {theme!r} has no PDF templates; available: {', '.join(available_themes(root))}"
        )
    folders = [folder] if theme == DEFAULT_THEME else [folder, root / DEFAULT_THEME / "pdf"]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


@lru_cache(maxsize=64)
def _logo_uri(path: str, _mtime_ns: int, _size: int) -> str:
    content_type = mimetypes.guess_type(path)[0]
    if content_type not in LOGO_TYPES:
        raise ValueError(f"logo {path} is not a PNG, JPEG or GIF image")
    data = Path(path).read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(f"logo {path} is larger than {LOGO_MAX_BYTES // 1024} KB")
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def logo_uri(path: Path | None) -> str | None:
    """The logo as a `data:` URI; None (and a warning in the log) when it cannot be used."""
    if path is None:
        return None
    try:
        stat = path.stat()
        return _logo_uri(str(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError) as exc:
        log.warning("document printed without its logo: %s", exc)
        return None


def template_context(view: DocumentView, page_total: int | None = None) -> dict[str, Any]:
    """What the theme templates receive; `page_total` prints a known page count."""
    fmt = Formatter(view.language, view.currency)
    payment = view.payment if view.show_prices else None
    transfer = epc.payment_transfer(payment) if payment is not None else None
    return {
        "doc": view,
        "fmt": fmt,
        "t": labels(view.language),
        "title": view.title or kind_title(view.kind, view.language),
        "accent": view.accent_colour,
        "logo": logo_uri(view.logo_path),
        "qr": epc.data_uri(transfer) if transfer is not None else None,
        "communication": payment.framed_communication if payment is not None else "",
        "extra_blocks": [Markup(block.html) for block in view.extra_blocks],
        "page_total": page_total,
        "font_family": fonts.FAMILY,
        "font_faces": fonts.faces(),
    }


def render_html(
    view: DocumentView, *, root: Path = THEMES_DIR, page_total: int | None = None
) -> str:
    """The document as HTML for xhtml2pdf, from the view's theme.

    Without `page_total` the footer counts the pages itself (`<pdf:pagecount>`), which makes
    xhtml2pdf lay the document out twice.
    """
    template = environment(view.theme, root).get_template("document.html")
    return template.render(template_context(view, page_total))


def html_to_pdf(html: str, *, meta: Mapping[str, str] | None = None) -> bytes:
    """Convert finished HTML to PDF bytes; raise `PdfError` when xhtml2pdf reports errors."""
    pisa, policy = _converter()
    out = io.BytesIO()
    status = pisa.CreatePDF(
        html,
        dest=out,
        encoding="utf-8",
        resource_policy=policy,
        context_meta=dict(meta) if meta else None,
        raise_exception=True,
    )
    if status.err:
        messages = "; ".join(str(entry[2]) for entry in status.log if entry[0] == "error")
        raise PdfError(f"the document could not be converted to PDF: {messages}")
    return out.getvalue()


def render_pdf(view: DocumentView, *, root: Path = THEMES_DIR) -> bytes:
    """The document as PDF bytes: the same view always gives the same bytes."""
    return render(view, root=root)[1]


def render(view: DocumentView, *, root: Path = THEMES_DIR) -> tuple[str, bytes]:
    """The HTML that was converted and the PDF.

    A document short enough to fit on one page is first laid out once with "1 of 1" in its
    footer; only if it does run over is it laid out again with counted pages.
    """
    if fits_one_page(view):
        html = render_html(view, root=root, page_total=1)
        pdf = html_to_pdf(html)
        if page_count(pdf) == 1:
            return html, pdf
    html = render_html(view, root=root)
    return html, html_to_pdf(html)


def fits_one_page(view: DocumentView) -> bool:
    """Whether the document is surely short enough for one page (a cautious estimate)."""
    rows = sum(1 + len(line.description) // 60 + bool(line.detail) for line in view.lines)
    rows += sum(1 + len(text) // 120 for text in view.legal_mentions)
    rows += (view.intro.count("\n") + view.outro.count("\n") + bool(view.intro)
             + bool(view.outro))
    rows += 4 * len(view.extra_blocks) + len(view.header_fields)
    return rows <= ONE_PAGE_ROWS


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF (read from ReportLab's flat page tree, else parsed)."""
    match = _PAGE_TREE.search(pdf)
    if match is not None:
        return int(match.group(1))
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
