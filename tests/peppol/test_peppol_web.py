"""A document's e-invoice in the browser: download, the panel on its page, sending it."""

from __future__ import annotations

import pytest
from peppol_support import parse, text

from addons.peppol import rules
from core.addons.errors import SettingsError
from core.contacts.service import create_customer
from core.documents.service import create_document
from core.testing.web import csrf_from


def test_the_e_invoice_downloads_from_the_document(shop, documents, web_client):
    client = web_client(shop)
    invoice_id = documents["standard"]
    response = client.get(f"/apps/peppol/documents/{invoice_id}.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert 'filename="F20260001.xml"' in response.headers["content-disposition"]
    assert rules.check(response.content) == []
    assert text(parse(response.content), "cbc:ID") == "F20260001"

    page = client.get(f"/documents/{invoice_id}")
    assert page.status_code == 200
    assert f'href="/apps/peppol/documents/{invoice_id}.xml"' in page.text
    assert "0208:0712345630" in page.text


def test_another_tenants_document_a_draft_and_a_switched_off_app_answer_404(
    facturo_app, make_tenant, shop, documents, web_client
):
    other = make_tenant("Bakkerij Janssens", slug="janssens", addons=("peppol",))
    with facturo_app.tenant_context(other.id) as ctx:
        customer = create_customer(ctx, {"name": "Klant"})
        draft = create_document(ctx, "invoice", customer.id,
                                lines=[{"description": "Brood", "unit_price": "3"}])
    client = web_client(other)
    assert client.get(f"/apps/peppol/documents/{documents['standard']}.xml").status_code == 404
    assert client.get(f"/apps/peppol/documents/{draft.id}.xml").status_code == 404
    assert client.get(f"/apps/peppol/documents/{documents['standard']}/send").status_code == 404

    facturo_app.addon_manager.switch_off(shop.id, "peppol")
    owner = web_client(shop)
    assert owner.get(f"/apps/peppol/documents/{documents['standard']}.xml").status_code == 404
    page = owner.get(f"/documents/{documents['standard']}")
    assert page.status_code == 200
    assert "/apps/peppol/" not in page.text


def test_sending_drops_the_e_invoice_in_the_configured_folder(
    facturo_app, shop, documents, web_client, tmp_path
):
    client = web_client(shop, language="en")
    invoice_id = documents["reverse_charge"]
    refused = client.get(f"/apps/peppol/documents/{invoice_id}/send")
    assert "Not set" in refused.text
    posted = client.post(f"/apps/peppol/documents/{invoice_id}/send",
                         data={"csrf_token": csrf_from(refused.text)}, follow_redirects=True)
    assert "Choose the folder for e-invoices" in posted.text

    folder = tmp_path / "access-point" / "outbox"
    facturo_app.addon_manager.configure(shop.id, "peppol", {"drop_folder": str(folder)})
    page = client.get(f"/apps/peppol/documents/{invoice_id}/send")
    assert page.status_code == 200 and str(folder) in page.text
    sent = client.post(f"/apps/peppol/documents/{invoice_id}/send",
                       data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/documents/{invoice_id}"
    dropped = folder / "F20260003.xml"
    assert [p.name for p in folder.iterdir()] == ["F20260003.xml"]
    assert rules.check(dropped.read_bytes()) == []
    assert text(parse(dropped.read_bytes()), "cbc:ID") == "F20260003"


def test_the_drop_folder_must_be_a_full_path(facturo_app, shop):
    with pytest.raises(SettingsError, match="drop_folder: Enter a full folder path"):
        facturo_app.addon_manager.configure(shop.id, "peppol", {"drop_folder": "outbox"})


def test_a_document_peppol_cannot_carry_says_so_before_posting_and_after(
    facturo_app, shop, documents, web_client
):
    with facturo_app.tenant_context(shop.id, write=True) as ctx:
        private = create_customer(ctx, {"name": "Jan Peeters", "is_company": False,
                                        "email": "jan@example.be"})
        draft = create_document(ctx, "invoice", private.id,
                                lines=[{"description": "Herstelling", "unit_price": "80"}])
        company = create_customer(ctx, {"name": "Klant BV", "vat_number": "BE0555123476"})
        fine = create_document(ctx, "invoice", company.id,
                               lines=[{"description": "Herstelling", "unit_price": "80"}])
    client = web_client(shop, language="en")
    notice = "This document cannot be sent through PEPPOL"
    editor = client.get(f"/documents/{draft.id}")
    assert editor.status_code == 200
    assert notice in editor.text and "no PEPPOL participant identifier" in editor.text
    assert notice not in client.get(f"/documents/{fine.id}").text

    posted = client.get(f"/documents/{documents['renovation']}")
    assert notice in posted.text
    assert f"/apps/peppol/documents/{documents['renovation']}.xml" not in posted.text
    refused = client.get(f"/apps/peppol/documents/{documents['renovation']}.xml",
                         follow_redirects=True)
    assert "Famille Dubois cannot receive e-invoices through PEPPOL" in refused.text
