"""The PDF of a posted document is stored once and served as it was issued; drafts are live."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from core.contacts.merge import merge_contacts
from core.contacts.service import create_customer
from core.documents.errors import ValidationFailed
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document
from core.documents.settings import SELLER_VAT_NUMBER, set_setting
from core.mail.models import OutboxAttachment
from core.mail.settings import save_mail_settings
from core.output import adapter, sending
from core.output.models import DocumentFile, FileKind, StoredFileImmutable
from core.output.pdf import render_pdf
from core.output.stored import (
    document_pdf,
    file_bytes,
    post_and_store,
    posted_pdf,
    store_pdf,
    store_posted_pdf,
    stored_file,
)

COMPANY = {
    adapter.COMPANY_STREET: "Kerkstraat 12",
    adapter.COMPANY_POSTAL_CODE: "9000",
    adapter.COMPANY_CITY: "Gent",
    adapter.COMPANY_IBAN: "BE71 0961 2345 6769",
    adapter.ACCENT_COLOUR: "#aa3300",
    SELLER_VAT_NUMBER: "BE0123456749",
}
LINES = [LineData(description="Tegels", quantity=12, unit="MTK", unit_price="45.50", vat_rate=21)]


def setup_tenant(app, tenant_id):
    """Company settings and two customers (the second a duplicate); their ids."""
    with app.tenant_context(tenant_id, write=True) as ctx:
        for key, value in COMPANY.items():
            set_setting(ctx.session, key, value)
        keep = create_customer(ctx, {"name": "Aannemer Peeters", "city": "Antwerpen"})
        dup = create_customer(ctx, {"name": "Aannemer Peeters BV", "street": "Dorpsplein 3",
                                    "postal_code": "2000", "city": "Antwerpen"})
        return keep.id, dup.id


def draft(app, tenant_id, customer_id, lines=LINES):
    with app.tenant_context(tenant_id, write=True) as ctx:
        return create_document(ctx, "invoice", customer_id, issue_date=date(2026, 3, 2),
                               lines=lines).id


def count_files(ctx):
    return ctx.session.scalar(select(func.count()).select_from(DocumentFile))


def test_a_posted_invoice_keeps_its_pdf_through_a_merge_and_new_settings(facturo_app, tenant):
    keep_id, dup_id = setup_tenant(facturo_app, tenant.id)
    invoice_id = draft(facturo_app, tenant.id, dup_id)
    draft_id = draft(facturo_app, tenant.id, dup_id)
    posted = post_and_store(facturo_app, tenant.id, invoice_id)
    assert posted.number is not None
    with facturo_app.tenant_context(tenant.id) as ctx:
        stored = stored_file(ctx, invoice_id)
        issued = file_bytes(stored)
        assert issued.startswith(b"%PDF") and stored.size == len(issued)
        assert stored.sha256 == hashlib.sha256(issued).hexdigest()
        assert document_pdf(ctx, ctx.session.get(Document, invoice_id)) == issued
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        merge_contacts(ctx, dup_id, keep_id, confirmed=True)
    with facturo_app.tenant_context(tenant.id) as ctx:
        draft_merged = document_pdf(ctx, ctx.session.get(Document, draft_id))
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        set_setting(ctx.session, adapter.ACCENT_COLOUR, "#007a33")
        set_setting(ctx.session, adapter.COMPANY_STREET, "Veldstraat 1")
    with facturo_app.tenant_context(tenant.id) as ctx:
        invoice = ctx.session.get(Document, invoice_id)
        assert invoice.customer_id == keep_id
        assert document_pdf(ctx, invoice) == issued
        assert posted_pdf(ctx, invoice) == issued
        assert render_pdf(adapter.build_view(ctx, invoice)) != issued  # what it would be now
        draft_doc = ctx.session.get(Document, draft_id)
        assert document_pdf(ctx, draft_doc) != draft_merged
        view = adapter.build_view(ctx, draft_doc)
        assert view.accent_colour == "#007a33" and view.seller.address.street == "Veldstraat 1"
        assert count_files(ctx) == 1


def test_a_document_posted_without_its_pdf_gets_it_stored_on_first_use(facturo_app, tenant):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        for _ in range(2):  # in bulk: posting renders nothing
            post_document(ctx, create_document(ctx, "invoice", customer_id, lines=LINES))
        assert count_files(ctx) == 0
        first, second = ctx.session.scalars(select(Document).order_by(Document.id)).all()
        pdf = posted_pdf(ctx, first)
        assert stored_file(ctx, first.id).sha256 == hashlib.sha256(pdf).hexdigest()
        set_setting(ctx.session, adapter.ACCENT_COLOUR, "#123456")
        assert posted_pdf(ctx, first) == pdf
        assert store_pdf(ctx, second).document_id == second.id
        assert count_files(ctx) == 2
    assert store_posted_pdf(facturo_app, tenant.id, first.id) is True
    with facturo_app.tenant_context(tenant.id) as ctx:
        assert count_files(ctx) == 2


def test_drafts_are_never_stored_and_a_refused_posting_stores_nothing(facturo_app, tenant):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    draft_id = draft(facturo_app, tenant.id, customer_id)
    empty_id = draft(facturo_app, tenant.id, customer_id, lines=[])
    assert store_posted_pdf(facturo_app, tenant.id, draft_id) is False
    with pytest.raises(ValidationFailed):
        post_and_store(facturo_app, tenant.id, empty_id)
    with facturo_app.tenant_context(tenant.id) as ctx:
        document = ctx.session.get(Document, draft_id)
        with pytest.raises(ValueError, match="draft"):
            store_pdf(ctx, document)
        assert document_pdf(ctx, document).startswith(b"%PDF")
        assert count_files(ctx) == 0 and ctx.session.get(Document, empty_id).is_draft


def test_the_database_refuses_to_change_a_stored_pdf(facturo_app, tenant):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    invoice_id = draft(facturo_app, tenant.id, customer_id)
    post_and_store(facturo_app, tenant.id, invoice_id)
    with pytest.raises(DBAPIError, match="never changed"), \
            facturo_app.tenant_context(tenant.id, write=True) as ctx:
        # past the application's own guard, straight on the connection
        ctx.session.connection().execute(update(DocumentFile).values(content=b"%PDF forged"))
    with facturo_app.tenant_context(tenant.id) as ctx:
        stored = stored_file(ctx, invoice_id)
        assert file_bytes(stored).startswith(b"%PDF") and stored.kind == FileKind.PDF


def test_the_e_mail_carries_the_stored_pdf(facturo_app, tenant):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    invoice_id = draft(facturo_app, tenant.id, customer_id)
    post_and_store(facturo_app, tenant.id, invoice_id)
    with facturo_app.tenant_context(tenant.id, write=True) as ctx:
        set_setting(ctx.session, adapter.ACCENT_COLOUR, "#007a33")
        save_mail_settings(ctx.session, host="127.0.0.1", port=25, security="none",
                           from_address="facturen@example.be")
        invoice = ctx.session.get(Document, invoice_id)
        message = sending.queue_document_mail(ctx, invoice, to=["klant@example.be"])
        attached = ctx.session.scalars(select(OutboxAttachment.content).where(
            OutboxAttachment.message_id == message.id)).first()
        assert attached == file_bytes(stored_file(ctx, invoice_id))


def test_a_pdf_drawn_again_in_another_process_is_the_stored_one_byte_for_byte(
        facturo_app, tenant, tmp_path):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    invoice_id = draft(facturo_app, tenant.id, customer_id)
    post_and_store(facturo_app, tenant.id, invoice_id)
    with facturo_app.tenant_context(tenant.id, read_only=True) as ctx:
        stored = file_bytes(stored_file(ctx, invoice_id))
    # the file is lost: another process draws it again from the posted document
    script = (
        "import sys\n"
        "from core.app import Facturo\n"
        "from core.documents.models import Document\n"
        "from core.output.adapter import build_view\n"
        "from core.output.pdf import render_pdf\n"
        "app = Facturo(catalogue=None)\n"
        "with app.tenant_context(int(sys.argv[1]), read_only=True) as ctx:\n"
        "    doc = ctx.session.get(Document, int(sys.argv[2]))\n"
        "    sys.stdout.buffer.write(render_pdf(build_view(ctx, doc)))\n"
    )
    env = {**os.environ, "FACTURO_DATABASE_URL": facturo_app.settings.database_url,
           "FACTURO_VAR_DIR": str(tmp_path)}
    drawn = subprocess.run([sys.executable, "-c", script, str(tenant.id), str(invoice_id)],
                           env=env, capture_output=True, check=True, timeout=120).stdout
    assert drawn.startswith(b"%PDF")
    assert hashlib.sha256(drawn).hexdigest() == hashlib.sha256(stored).hexdigest()


def test_the_application_never_deletes_or_replaces_a_stored_pdf(facturo_app, tenant):
    _keep_id, customer_id = setup_tenant(facturo_app, tenant.id)
    invoice_id = draft(facturo_app, tenant.id, customer_id)
    post_and_store(facturo_app, tenant.id, invoice_id)
    with facturo_app.tenant_context(tenant.id, read_only=True) as ctx:
        original = file_bytes(stored_file(ctx, invoice_id))
    attempts = [
        lambda ctx: ctx.session.delete(stored_file(ctx, invoice_id)),
        lambda ctx: setattr(stored_file(ctx, invoice_id), "content", b"%PDF forged"),
        lambda ctx: ctx.session.execute(delete(DocumentFile)),
        lambda ctx: ctx.session.execute(update(DocumentFile).values(sha256="0" * 64)),
    ]
    for attempt in attempts:
        with pytest.raises(StoredFileImmutable, match="as issued"), \
                facturo_app.tenant_context(tenant.id, write=True) as ctx:
            attempt(ctx)
            ctx.session.flush()
    # storing again keeps the first file
    store_posted_pdf(facturo_app, tenant.id, invoice_id)
    with facturo_app.tenant_context(tenant.id, read_only=True) as ctx:
        assert count_files(ctx) == 1
        assert file_bytes(stored_file(ctx, invoice_id)) == original
