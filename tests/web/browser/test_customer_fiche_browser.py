"""In Chromium, in Dutch and in French, on a desktop (1366 px) and a phone (390 px): the
customer fiche's tabs, a contact person edited and chosen "for the attention of" on an
invoice (printed on its PDF), a custom field defined in Settings on the fiche and the PDF,
the company attachment sent with the invoice e-mail (read from a real SMTP server), the full
report (page and PDF) and the warning about a VAT number another customer has."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from aiosmtpd.controller import Controller

from core.contacts.persons import add_person
from core.contacts.service import create_customer
from core.documents.posting import post_document
from core.documents.service import create_document
from core.i18n import gettext, ngettext
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.output.labels import labels
from core.tenants.models import Role
from core.testing.mail import MailCatcher, free_port
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]
WIDTHS = {"desktop": 1366, "phone": 390}


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").split())


@pytest.fixture
def smtp() -> Iterator[MailCatcher]:
    catcher = MailCatcher(port=free_port())
    controller = Controller(catcher, hostname="127.0.0.1", port=catcher.port)
    controller.start()
    yield catcher
    controller.stop()


def log_in(page, base: str, email: str, language: str, t) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(base + "/")
    page.get_by_role("button", name={"nl": "Nederlands", "fr": "Français"}[language]).click()
    page.get_by_label(t("E-mail address")).fill(email)
    page.get_by_label(t("Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page).to_have_title(f"{t('Dashboard')} · Facturo")


def fits(page, selector: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """Every element matched lies within the viewport's width, and the page does not
    scroll sideways."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    items = page.locator(selector)
    assert items.count() > 0
    for n in range(items.count()):
        box = items.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (
            selector, n, box)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_fiche_tabs_person_edit_and_vat_warning(
    facturo_app, make_tenant, make_user, serve, browser, language, screen
):
    from playwright.sync_api import expect

    def t(message: str, **values: object) -> str:
        text = gettext(message, language)
        return text % values if values else text

    width = WIDTHS[screen]
    tenant = make_tenant("Schrijnwerkerij Maes")
    user = make_user(tenant, Role.OWNER, language=language)
    with facturo_app.tenant_context(tenant.id) as ctx:
        first = create_customer(ctx, {"name": "Garage Claes", "vat_number": "BE0403170701"})
        add_person(ctx, first.id, {"name": "Els Vermeulen", "function": "Boekhouding"})
        first_id = first.id
    base = serve(facturo_app)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        log_in(page, base, user.email, language, t)
        page.goto(f"{base}/customers/{first_id}")
        tabs = page.locator("nav.customer-tabs")
        for label in ("Overview", "Details", "Contact persons", "Addresses", "Attachments"):
            expect(tabs.get_by_role("link", name=t(label), exact=False)).to_be_visible()
        fits(page, "nav.customer-tabs a", width)
        expect(page.get_by_role("link", name=t("Full report"))).to_be_visible()

        # a contact person, edited
        tabs.get_by_role("link", name=t("Contact persons"), exact=False).click()
        expect(page.locator(".person-line")).to_have_text("Els Vermeulen, Boekhouding")
        page.get_by_role("link", name=t("Edit"), exact=True).last.click()
        expect(page.locator("#f-function")).to_be_visible()  # the person's form is open
        fits(page, "form.grid", width)
        page.locator("#f-function").fill("Aankoop")
        page.locator("#f-email").fill("els@claes.be")
        page.get_by_role("button", name=t("Save"), exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator(".person-line")).to_have_text("Els Vermeulen, Aankoop")
        fits(page, "nav.customer-tabs a", width)

        # the same VAT number on a second customer: saved, with a warning
        page.goto(f"{base}/customers/new")
        page.locator("#f-name").fill("Garage Claes Gent")
        page.locator("#f-vat_number").fill("0403.170.701")
        page.get_by_role("button", name=t("Save"), exact=True).click()
        expect(page.locator("h1")).to_have_text("Garage Claes Gent")
        warning = page.locator(".flash-warning").first
        expect(warning).to_contain_text("BE0403170701")
        expect(warning).to_contain_text("Garage Claes")
        expect(page.locator("#vat-warning").get_by_role("link")).to_have_text(
            f"Garage Claes ({first.number})")
        fits(page, "nav.customer-tabs a", width)
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.parametrize(("language", "screen"), [("nl", "desktop"), ("fr", "phone"),
                                                  ("fr", "desktop"), ("nl", "phone")])
def test_attention_custom_field_company_attachment_and_full_report(
    facturo_app, make_tenant, make_user, serve, browser, smtp, tmp_path, language, screen
):
    from playwright.sync_api import expect

    def t(message: str, **values: object) -> str:
        text = gettext(message, language)
        return text % values if values else text

    width = WIDTHS[screen]
    tenant = make_tenant("Schrijnwerkerij Maes", addons=("payments",))
    user = make_user(tenant, Role.OWNER, language=language)
    with facturo_app.tenant_context(tenant.id) as ctx:
        save_mail_settings(ctx.session, host=smtp.host, port=smtp.port, security="none",
                           from_address="facturen@maes.example")
        customer = create_customer(ctx, {"name": "Aannemer Janssens", "street": "Dorp 1",
                                         "postal_code": "9000", "city": "Gent",
                                         "email": "info@janssens.be", "language": language})
        add_person(ctx, customer.id, {"name": "Els Vermeulen", "function": "Boekhouding",
                                      "street": "Kaai 7", "postal_code": "2000",
                                      "city": "Antwerpen"})
        older = create_document(ctx, "invoice", customer.id, lines=[
            {"description": "Plaatsing keuken", "quantity": 2, "unit_price": Decimal("400")}])
        post_document(ctx, older)
        draft = create_document(ctx, "invoice", customer.id, lines=[
            {"description": "Herstelling", "quantity": 1, "unit_price": Decimal("150")}])
        customer_id, draft_id, older_id = customer.id, draft.id, older.id
    base = serve(facturo_app)
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        log_in(page, base, user.email, language, t)

        # a custom field in Settings, printed on documents; filled in on the customer
        page.goto(base + "/settings/fields")
        page.locator("#f-label").fill("Werfnummer")
        page.locator("#f-print_on_documents").check()
        page.get_by_role("button", name=t("Add"), exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("#custom-field-list")).to_contain_text("Werfnummer")
        fits(page, "#custom-field-list", width)
        page.goto(f"{base}/customers/{customer_id}/edit")
        page.locator("#f-cf\\.werfnummer").fill("W-2026-17")
        page.get_by_role("button", name=t("Save"), exact=True).click()
        page.locator("nav.customer-tabs").get_by_role("link", name=t("Details")).click()
        expect(page.locator("#custom-fields")).to_contain_text("W-2026-17")

        # the company attachment in Settings
        terms = tmp_path / "voorwaarden.pdf"
        terms.write_bytes(b"%PDF-1.4 algemene voorwaarden")
        page.goto(base + "/settings/attachments")
        page.locator("#f-file").set_input_files(str(terms))
        page.get_by_role("button", name=t("Upload")).click()
        expect(page.locator("#company-attachments")).to_contain_text("voorwaarden.pdf")

        # the person chosen on the draft, the draft posted, its PDF
        page.goto(f"{base}/documents/{draft_id}")
        page.locator("#f-contact_person_id").select_option(label="Els Vermeulen, Boekhouding")
        expect(page.locator("#header-status")).to_have_text(t("Saved"))  # saved as it changed
        expect(page.locator("#f-contact_person_id")).to_have_value(
            page.locator("#f-contact_person_id option").nth(1).get_attribute("value"))
        page.get_by_role("button", name=t("Post"), exact=True).first.click()
        page.get_by_role("button", name=t("Post"), exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("link", name=t("Download PDF")).click()
        text = pdf_text(Path(info.value.path()).read_bytes())
        attention = labels(language)["attention"]
        assert f"{attention} Els Vermeulen, Boekhouding" in text and "Kaai 7" in text, text
        assert "Dorp 1" not in text and "Werfnummer W-2026-17" in text

        # sent by e-mail with the company attachment
        page.get_by_role("link", name=t("Send by e-mail")).click()
        page.get_by_role("button", name=t("Send"), exact=True).click()
        expect(page.locator(".flash-success")).to_be_visible()
        assert drain(facturo_app).sent == 1
        [received] = smtp.received
        files = {part.get_filename(): part.get_content()
                 for part in received.message.iter_attachments()}
        assert files["voorwaarden.pdf"] == b"%PDF-1.4 algemene voorwaarden"
        assert received.recipients == ["info@janssens.be"]

        # the full report: page and PDF
        page.goto(f"{base}/customers/{customer_id}")
        fits(page, "nav.customer-tabs a", width)
        page.get_by_role("link", name=t("Full report")).click()
        expect(page.locator("h1")).to_have_text(t("Full report of %(name)s",
                                                  name="Aannemer Janssens"))
        count = ngettext("%(num)d document", "%(num)d documents", 2, language) % {"num": 2}
        expect(page.get_by_text(count)).to_be_visible()
        expect(page.get_by_role("cell", name="Plaatsing keuken")).to_be_visible()
        fits(page, "h1", width)
        with page.expect_download() as info:
            page.get_by_role("link", name=t("Download as PDF")).click()
        report = pdf_text(Path(info.value.path()).read_bytes())
        assert "Aannemer Janssens" in report and "Plaatsing keuken" in report
        assert count in report and older_id
    finally:
        context.close()
    assert not errors, errors
