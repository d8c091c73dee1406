"""The work order's PDF: in the document theme and the customer's language, with its options
and the signature."""

from __future__ import annotations

import io
from datetime import time
from typing import Any

import pypdf
import pytest
from PIL import Image

from addons.work_orders.models import WorkOrder
from addons.work_orders.pdf import work_order_view
from addons.work_orders.photos import add_photo, shrink
from addons.work_orders.service import add_km, add_material, add_text, add_time, start
from addons.work_orders.signing import sign
from addons.work_orders.tests.conftest import DAY
from core.api import Contact, render_pdf

WORDS = {
    "nl": ("Werkbon", "Werfadres", "Ondertekend door Piet Peeters", "Werk"),
    "fr": ("Bon de travail", "Adresse du chantier", "Signé par Piet Peeters", "Travail"),
    "en": ("Work order", "Site address", "Signed by Piet Peeters", "Work"),
}


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def pdf_text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().replace("\xa0", " ").split()) for page in pages)


@pytest.fixture
def signed_order(facturo_app: Any, tenant: Any, shop: dict[str, int], make_order: Any,
                 signature_png_bytes: bytes) -> int:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = make_order(ctx, site={"street": "Werfstraat 9", "postal_code": "2018",
                                      "city": "Antwerpen"}, assignees=[shop["worker"]])
        add_time(ctx, order, shop["worker"], DAY, start=time(8, 0), end=time(10, 5))
        add_material(ctx, order, shop["product"], 3)
        add_km(ctx, order, 42)
        add_text(ctx, order, "Sifon vervangen")
        add_photo(ctx, order, "site.jpg", *shrink(photo_jpeg()))
        start(ctx, order)
        sign(ctx, order, name="Piet Peeters", png=signature_png_bytes, ip="192.0.2.7")
        return order.id


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_pdf_in_the_customers_language_with_the_signature(
        facturo_app: Any, tenant: Any, shop: dict[str, int], signed_order: int,
        language: str) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        ctx.session.get(Contact, shop["customer"]).language = language
        view = work_order_view(ctx, ctx.session.get(WorkOrder, signed_order))
    text = pdf_text(render_pdf(view))
    title, site, signed, work = WORDS[language]
    assert title in text and site in text and signed in text
    assert "Werfstraat 9" in text and "Koperen buis 15 mm" in text
    # 2 h 05 per started quarter: 2.25 h, with the name and the times
    assert f"{work} – jan – 02/12/2026 – 08:00–10:05" in text
    assert "2,25" in text or "2.25" in text
    assert "Sifon vervangen" in text
    photos, signature = (block.html for block in view.extra_blocks)
    assert photos.count("data:image/jpeg;base64,") == 1
    assert signature.count("data:image/png;base64,") == 1
    assert not view.show_prices


def test_the_options_hide_times_notes_and_names(
        facturo_app: Any, tenant: Any, signed_order: int) -> None:
    with facturo_app.tenant_context(tenant.id) as ctx:
        order = ctx.session.get(WorkOrder, signed_order)
        order.show_times = order.show_names = False
        text = pdf_text(render_pdf(work_order_view(ctx, order)))
    assert "08:00" not in text and "jan" not in text and "Sifon" not in text
    assert "Werk – 02/12/2026" in text
