"""In Chromium, in Dutch and in French: €100 of a €264.60 invoice is recorded on the payments
app's pages; the PDF downloaded from the document page, its payment QR code and the e-mail sent
from the page (read from a real SMTP server on loopback) show the total, what was paid and ask
for the €164.60 still due."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from core.contacts.service import create_customer
from core.documents.lines import LineData
from core.documents.service import create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting
from core.i18n import Domain, gettext
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.output import adapter
from core.output.stored import post_and_store
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD
from core.web.formatting import format_currency

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("zbarimg") is None,
                       reason="zbarimg (Debian zbar-tools) absent"),
]

COMPANY = {
    adapter.COMPANY_STREET: "Kerkstraat 12",
    adapter.COMPANY_POSTAL_CODE: "9000",
    adapter.COMPANY_CITY: "Gent",
    adapter.COMPANY_IBAN: "BE71 0961 2345 6769",
    adapter.COMPANY_BIC: "GKCCBEBB",
    SELLER_VAT_NUMBER: "BE0123456749",
}
LANGUAGE_BUTTON = {"nl": "Nederlands", "fr": "Français"}


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def scanned_qr_codes(pdf: bytes, folder: Path) -> list[str]:
    """What zbarimg reads from each image of the PDF's first page that holds a code."""
    found: list[str] = []
    for number, image in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images):
        path = folder / f"image-{number}.png"
        image.image.save(path)
        scan = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True,
                              text=True)
        if scan.stdout.strip():
            found.append(scan.stdout.rstrip("\n"))
    return found


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_partly_paid_invoice_asks_for_what_is_due_in_the_browser(
    facturo_app, make_tenant, make_user, serve, page, facturo_mailbox, tmp_path, language
):
    from playwright.sync_api import expect

    def t(message: str) -> str:
        return gettext(message, language)

    def pay_t(message: str) -> str:
        return Domain("payments").gettext(message, language)

    def money(amount: str) -> str:
        return format_currency(Decimal(amount), "EUR", language)

    tenant = make_tenant("Dakwerken Peeters", addons=("payments",))
    user = make_user(tenant, Role.OWNER, language=language)
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        for key, value in COMPANY.items():
            set_setting(ctx.session, key, value)
        save_mail_settings(ctx.session, host=facturo_mailbox.host, port=facturo_mailbox.port,
                           security="none", from_address="facturen@peeters.example")
        customer = create_customer(ctx, {"name": "Bouwbedrijf Janssens", "language": language,
                                         "email": "boekhouding@janssens.example"})
        # 218.68 + 21 % VAT (45.92) = 264.60
        invoice_id = create_document(
            ctx, "invoice", customer.id, issue_date=date(2026, 3, 2),
            lines=[LineData(description="Herstelling dak", quantity=1, unit_price="218.68",
                            vat_rate=21)]).id
    post_and_store(facturo_app, tenant.id, invoice_id)
    base = serve(facturo_app)

    page.goto(base + "/")
    page.get_by_role("button", name=LANGUAGE_BUTTON[language]).click()
    page.get_by_label(t("E-mail address")).fill(user.email)
    page.get_by_label(t("Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page).to_have_title(f"{t('Dashboard')} · Facturo")

    # €100 received, recorded on the payments app's pages
    page.locator("nav.sidebar").get_by_role("link", name=pay_t("Payments"), exact=True).click()
    page.get_by_role("link", name=pay_t("Record a payment"), exact=True).click()
    page.locator("#f-invoice").select_option(str(invoice_id))
    page.locator("#f-amount").fill("100" if language == "nl" else "100,00")
    page.get_by_role("button", name=pay_t("Record the payment")).click()
    expect(page.locator(".flash-success")).to_contain_text(money("100"))

    page.goto(f"{base}/documents/{invoice_id}")
    expect(page.locator("dl.facts")).to_contain_text(money("164.60"))

    # (a) the PDF shows the total, what was paid and what is due
    with page.expect_download() as info:
        page.get_by_role("link", name=t("Download PDF")).click()
    pdf = Path(info.value.path()).read_bytes()
    text = text_of(pdf)
    assert "264,60" in text and "100,00" in text and "164,60" in text
    assert t("Already paid") in text and t("Amount due") in text

    # (b) its payment QR code asks for what is due
    [payload] = scanned_qr_codes(pdf, tmp_path)
    assert payload.split("\n")[7] == "EUR164.6"

    # (c) the e-mail sent from the page asks for what is due; so does its PDF
    page.get_by_role("link", name=t("Send by e-mail")).click()
    expect(page.locator("#f-to")).to_have_value("boekhouding@janssens.example")
    page.get_by_role("button", name=t("Send"), exact=True).click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert drain(facturo_app).sent == 1
    [mail] = facturo_mailbox.received
    [request_line] = [line for line in mail.text.splitlines() if "BE71 0961 2345 6769" in line]
    assert money("164.60") in request_line and money("264.60") not in request_line
    [attachment] = list(mail.message.iter_attachments())
    attached = text_of(attachment.get_content())
    assert "164,60" in attached and t("Already paid") in attached
