"""`facturo documents export`: every posted document of a kind as PDF or UBL files, in a folder
or a zip, rendered by worker processes."""

from __future__ import annotations

import zipfile
from datetime import date

from lxml import etree

from addons.peppol import official, rules
from core.app import Facturo
from core.contacts.service import create_customer
from core.demo_documents import seed_documents
from core.documents.posting import post_document
from core.documents.service import create_document
from core.tenants.service import find_tenant

INVOICES = [f"F2026000{n}" for n in range(1, 7)]
PRIVATE = "F20260002"


def _seeded(run_cli, slug: str = "demo") -> None:
    """A tenant with the demo documents (six invoices, one credit note) and a draft."""
    assert run_cli("tenant", "create", "Demo BV", "--slug", slug).exit_code == 0
    app = Facturo()
    try:
        tenant = find_tenant(app, slug)
        seed_documents(app, tenant, issued=date(2026, 3, 2))
        with app.tenant_context(tenant.id) as ctx:
            customer = create_customer(ctx, {"name": "Klant"})
            create_document(ctx, "invoice", customer.id,
                            lines=[{"description": "Nog niet geboekt", "unit_price": "5"}])
    finally:
        app.db.dispose()


def test_pdf_export_writes_one_file_per_posted_invoice_named_by_its_number(run_cli, tmp_path):
    _seeded(run_cli)
    out = tmp_path / "pdf"
    result = run_cli("documents", "export", "demo", "--kind", "invoice", "--format", "pdf",
                     "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "6 PDF files written" in result.output and "2 workers" in result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.pdf" for n in INVOICES]
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.iterdir())

    notes = run_cli("documents", "export", "demo", "--kind", "credit_note", "--format", "pdf",
                    "--zip", str(tmp_path / "notes.zip"), "--workers", "1")
    assert notes.exit_code == 0, notes.output
    with zipfile.ZipFile(tmp_path / "notes.zip") as archive:
        assert archive.namelist() == ["CN20260001.pdf"]


def test_ubl_export_zips_checked_e_invoices_and_needs_the_peppol_app(run_cli, tmp_path):
    _seeded(run_cli)
    target = tmp_path / "exports" / "ubl.zip"
    off = run_cli("documents", "export", "demo", "--format", "ubl", "--zip", str(target))
    assert off.exit_code == 1
    assert "facturo addons on demo peppol" in off.output
    assert not target.exists()

    assert run_cli("addons", "on", "demo", "peppol").exit_code == 0
    result = run_cli("documents", "export", "demo", "--format", "ubl", "--zip", str(target))
    # the renovation invoice is for a private customer: PEPPOL cannot carry it
    assert result.exit_code == 1, result.output
    assert f"{PRIVATE}: Klant Famille Dubois kan geen e-facturen via PEPPOL ontvangen" in (
        result.output)
    assert "1 documents could not be exported" in result.output
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [f"{n}.xml" for n in INVOICES if n != PRIVATE]
        for name in archive.namelist():
            xml = archive.read(name)
            assert rules.check(xml) == []
            assert official.check(xml).fatal == []
            assert etree.fromstring(xml).findtext(
                "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID"
            ) == name.removesuffix(".xml")
    assert [p.name for p in target.parent.iterdir()] == ["ubl.zip"]


def test_a_document_that_cannot_be_exported_is_named_and_the_others_are_written(
    run_cli, tmp_path
):
    _seeded(run_cli)
    assert run_cli("addons", "on", "demo", "peppol").exit_code == 0
    app = Facturo()
    try:
        with app.tenant_context(find_tenant(app, "demo").id, write=True) as ctx:
            private = create_customer(ctx, {"name": "Jan Zonder Adres", "is_company": False})
            invoice = create_document(ctx, "invoice", private.id, issue_date=date(2026, 3, 3),
                                      lines=[{"description": "Herstelling", "unit_price": "80"}])
            post_document(ctx, invoice)
    finally:
        app.db.dispose()
    out = tmp_path / "ubl"
    result = run_cli("documents", "export", "demo", "--format", "ubl", "--out", str(out))
    assert result.exit_code == 1
    assert "F20260007:" in result.output and "Jan Zonder Adres" in result.output
    assert "2 documents could not be exported" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{n}.xml" for n in INVOICES if n != PRIVATE]


def test_the_destination_is_one_folder_or_one_zip(run_cli, tmp_path):
    assert run_cli("tenant", "create", "Leeg", "--slug", "leeg").exit_code == 0
    neither = run_cli("documents", "export", "leeg")
    assert neither.exit_code == 1 and "either --out DIR" in neither.output
    both = run_cli("documents", "export", "leeg", "--out", str(tmp_path / "a"),
                   "--zip", str(tmp_path / "b.zip"))
    assert both.exit_code == 1
    bad_kind = run_cli("documents", "export", "leeg", "--kind", "quote", "--out", str(tmp_path))
    assert bad_kind.exit_code == 2
    empty = run_cli("documents", "export", "leeg", "--out", str(tmp_path / "empty"))
    assert empty.exit_code == 0 and "has no posted invoice documents" in empty.output
