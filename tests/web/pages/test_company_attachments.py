"""Settings → Attachments: several company files, each with its own "send with every
document e-mail" flag; every flagged file goes with a document e-mail, checked on a real SMTP
server (aiosmtpd on loopback)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from page_helpers import post
from sqlalchemy import select

from core.mail.models import CompanyAttachment
from core.mail.sender import drain
from core.mail.settings import save_mail_settings
from core.testing.mail import MailCatcher, free_port

TERMS = b"%PDF-1.4 algemene voorwaarden"
PRICES = b"%PDF-1.4 prijslijst 2026"
PLAN = b"\x89PNG\r\n\x1a\n plan van de winkel"


@pytest.fixture
def smtp() -> Iterator[MailCatcher]:
    """A real SMTP server on loopback that keeps what it receives."""
    catcher = MailCatcher(port=free_port())
    controller = Controller(catcher, hostname="127.0.0.1", port=catcher.port)
    controller.start()
    yield catcher
    controller.stop()


def _upload(client, name: str, data: bytes, *, send: bool = True):
    return post(client, "/settings/attachments", {"send_with_mail": "1"} if send else {},
                files={"file": (name, data, "application/octet-stream")})


def _ids(work, tenant) -> dict[str, int]:
    with work(tenant) as ctx:
        return {row.filename: row.id for row in ctx.session.scalars(select(CompanyAttachment))}


def _sent_files(client, facturo_app, smtp, document_id: int) -> dict[str, bytes]:
    assert post(client, f"/documents/{document_id}/send",
                {"to": "info@janssens.be", "cc": ""}).status_code == 303
    assert drain(facturo_app).sent == 1
    received = smtp.received.pop()
    return {part.get_filename(): part.get_content()
            for part in received.message.iter_attachments()}


def test_every_flagged_company_file_goes_with_a_document_e_mail(
    tenant, client_of, make_customer, make_invoice, work, facturo_app, smtp
):
    client = client_of(tenant)
    with work(tenant) as ctx:
        save_mail_settings(ctx.session, host=smtp.host, port=smtp.port, security="none",
                           from_address="facturen@janssens.example")
    assert _upload(client, "voorwaarden.pdf", TERMS).status_code == 303
    assert _upload(client, "prijslijst.pdf", PRICES).status_code == 303
    assert _upload(client, "plan.png", PLAN, send=False).status_code == 303
    page = client.get("/settings/attachments").text
    for name in ("voorwaarden.pdf", "prijslijst.pdf", "plan.png"):
        assert name in page
    contact_id = make_customer(tenant, "Aannemer Janssens", email="info@janssens.be")
    first = make_invoice(tenant, contact_id, post=True)
    files = _sent_files(client, facturo_app, smtp, first)
    assert files.pop("voorwaarden.pdf") == TERMS and files.pop("prijslijst.pdf") == PRICES
    assert [name for name in files if name.endswith(".pdf")] == list(files)  # the invoice
    assert len(files) == 1

    # the flags change: the plan goes along, the price list no longer; then terms removed
    ids = _ids(work, tenant)
    assert post(client, f"/settings/attachments/{ids['plan.png']}/mail",
                {"send_with_mail": "1"}).status_code == 303
    assert post(client, f"/settings/attachments/{ids['prijslijst.pdf']}/mail",
                {}).status_code == 303
    assert post(client, f"/settings/attachments/{ids['voorwaarden.pdf']}/delete"
                ).status_code == 303
    assert set(_ids(work, tenant)) == {"prijslijst.pdf", "plan.png"}
    second = make_invoice(tenant, contact_id, post=True)
    files = _sent_files(client, facturo_app, smtp, second)
    assert files.pop("plan.png") == PLAN
    assert "prijslijst.pdf" not in files and "voorwaarden.pdf" not in files and len(files) == 1


def test_a_refused_file_is_named_with_the_reason_and_nothing_is_kept(tenant, client_of, work):
    client = client_of(tenant)
    refused = _upload(client, "voorwaarden.exe", b"MZ\x90\x00")
    assert refused.status_code == 422 and "not accepted" in refused.text
    fake = _upload(client, "voorwaarden.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 422 and "does not contain what its extension says" in fake.text
    large = _upload(client, "groot.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))
    assert large.status_code == 422 and "larger than 10 MB" in large.text
    missing = post(client, "/settings/attachments", {"send_with_mail": "1"})
    assert missing.status_code == 422 and "Choose a file first." in missing.text
    assert _ids(work, tenant) == {}


def test_another_companys_file_cannot_be_changed_or_removed(
    tenant, client_of, make_tenant, work
):
    client = client_of(tenant)
    assert _upload(client, "voorwaarden.pdf", TERMS).status_code == 303
    [attachment_id] = _ids(work, tenant).values()
    stranger = client_of(make_tenant("Elders"))
    assert post(stranger, f"/settings/attachments/{attachment_id}/mail", {}).status_code == 404
    assert post(stranger, f"/settings/attachments/{attachment_id}/delete").status_code == 404
    with work(tenant) as ctx:
        assert ctx.session.get(CompanyAttachment, attachment_id).send_with_mail is True


def test_a_company_keeps_a_limited_number_of_files(tenant, work, english):
    from core.contacts.errors import ValidationError
    from core.mail.company_files import MAX_COMPANY_FILES, add_company_file

    with work(tenant) as ctx:
        for number in range(MAX_COMPANY_FILES):
            add_company_file(ctx, f"bijlage-{number}.pdf", b"%PDF-1.4 bijlage")
        with pytest.raises(ValidationError, match=f"at most {MAX_COMPANY_FILES} files"):
            add_company_file(ctx, "een-te-veel.pdf", b"%PDF-1.4 bijlage")
    assert len(_ids(work, tenant)) == MAX_COMPANY_FILES
