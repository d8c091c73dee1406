"""`facturo peppol check FILE...`: the official rules of the release Facturo uses, on files."""

from __future__ import annotations

from datetime import date

from core.app import Facturo
from core.demo_documents import seed_documents
from core.tenants.service import find_tenant


def _exported(run_cli, tmp_path):
    """The demo's e-invoices, exported with `facturo documents export`."""
    assert run_cli("tenant", "create", "Demo BV", "--slug", "demo").exit_code == 0
    app = Facturo()
    try:
        seed_documents(app, find_tenant(app, "demo"), issued=date(2026, 3, 2))
    finally:
        app.db.dispose()
    assert run_cli("addons", "on", "demo", "peppol").exit_code == 0
    out = tmp_path / "ubl"
    run_cli("documents", "export", "demo", "--format", "ubl", "--out", str(out), "--workers", "1")
    return sorted(out.iterdir())


def test_exported_e_invoices_pass_and_a_broken_one_is_named_with_its_rules(run_cli, tmp_path):
    files = _exported(run_cli, tmp_path)
    assert len(files) == 5
    result = run_cli("peppol", "check", *map(str, files))
    assert result.exit_code == 0, result.output
    assert "EN 16931 1.3.16, PEPPOL BIS Billing 3.0.21" in result.output
    assert result.output.count(": valid, 0 warnings") == 5

    broken = tmp_path / "broken.xml"
    broken.write_bytes(files[0].read_bytes().replace(b'schemeID="0208">0712345630<',
                                                     b'schemeID="EM">boekhouding@example.be<'))
    garbage = tmp_path / "garbage.xml"
    garbage.write_text("not xml")
    result = run_cli("peppol", "check", str(files[1]), str(broken), str(garbage))
    assert result.exit_code == 1
    assert f"{broken}: 2 fatal" in result.output
    assert "[PEPPOL-EN16931-CL008] Electronic address identifier scheme must be from" in (
        result.output)
    assert f"{files[1]}: valid" in result.output
    # the command line speaks the default language, Dutch
    assert "garbage.xml: Dit is geen UBL-factuur of -creditnota" in result.output
    assert "2 of 3 files break the rules" in result.output


def test_without_the_rules_nothing_passes(run_cli, tmp_path, monkeypatch):
    xml = tmp_path / "invoice.xml"
    xml.write_text("<Invoice/>")
    monkeypatch.setenv("FACTURO_PEPPOL_RULES", str(tmp_path / "nowhere"))
    result = run_cli("peppol", "check", str(xml))
    assert result.exit_code == 1
    assert "De officiële PEPPOL-regels zijn niet gevonden" in result.output
    assert "valid" not in result.output
