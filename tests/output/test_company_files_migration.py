"""The one terms file of the mail settings becomes the company's first attachment, still
sent with every e-mail, when the database is upgraded."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

pytestmark = pytest.mark.sqlite_only


def test_the_terms_file_becomes_the_first_company_attachment(facturo_settings, tmp_path):
    from alembic import command

    from core.addons.catalogue import Catalogue
    from core.addons.registry_file import Registry
    from core.app import Facturo
    from core.db.migrate import alembic_config, upgrade
    from core.mail.company_files import files_for_mail
    from core.mail.models import CompanyAttachment
    from core.paths import var_dir
    from core.tenants.service import create_tenant

    settings = dataclasses.replace(facturo_settings,
                                   database_url=f"sqlite:///{tmp_path / 'old.db'}")
    app = Facturo(settings, catalogue=Catalogue.load([]),
                  registry=Registry(offered=None, bundles={}, default_bundle=None))
    terms = var_dir() / "attachments" / "migrated" / "terms.pdf"
    terms.parent.mkdir(parents=True, exist_ok=True)
    terms.write_bytes(b"%PDF-1.4 algemene voorwaarden")
    try:
        with app.db.owner_engine.begin() as connection:
            command.upgrade(alembic_config(app, connection=connection), "core_0012_search_page")
        with_terms, without = create_tenant(app, "Bakkerij Peeters"), create_tenant(app, "Leeg")
        with app.db.owner_engine.begin() as connection:
            for tenant, path in ((with_terms, "attachments/migrated/terms.pdf"), (without, None)):
                connection.execute(text(
                    "INSERT INTO mail_settings (tenant_id, host, port, security, username, "
                    "password, from_address, from_name, default_cc, default_bcc, terms_path, "
                    "terms_filename, updated_at) VALUES (:tenant, 'smtp.example', 25, 'none', "
                    "'', '', 'f@example.be', '', '[]', '[]', :path, :name, CURRENT_TIMESTAMP)"
                ), {"tenant": tenant.id, "path": path,
                    "name": "Algemene voorwaarden.pdf" if path else None})
        upgrade(app)
        with app.db.session(with_terms.id) as session:
            [moved] = session.scalars(select(CompanyAttachment)).all()
            assert (moved.filename, moved.content_type, moved.size, moved.send_with_mail) == (
                "Algemene voorwaarden.pdf", "application/pdf", terms.stat().st_size, True)
            assert [item.id for item in files_for_mail(session)] == [moved.id]
        with app.db.session(without.id) as session:
            assert session.scalars(select(CompanyAttachment)).all() == []
    finally:
        app.db.dispose()
