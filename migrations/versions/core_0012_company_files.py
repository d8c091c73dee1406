"""company files: several company attachments, each flagged to go with every e-mail

The mail settings held one "terms and conditions" file (`terms_path`, `terms_filename`).
`company_attachments` holds any number of them, each with its own `send_with_mail` flag; the
existing file becomes the tenant's first attachment, sent with every e-mail as before, and
the two columns go.

Revision ID: core_0012_company_files
Revises: core_0012_search_page
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePath

import sqlalchemy as sa
from alembic import op

revision: str = "core_0012_company_files"
down_revision: str | Sequence[str] | None = "core_0012_search_page"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stored(path: str) -> Path:
    from core.paths import var_dir

    candidate = Path(path)
    return candidate if candidate.is_absolute() else var_dir() / candidate


def _all_tenants(on: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"SELECT set_config('facturo.all_tenants', '{'on' if on else 'off'}', true)")


def upgrade() -> None:
    """Create `company_attachments`, move each terms file into it, drop the old columns."""
    table = op.create_table(
        "company_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("storage_path", sa.String(length=1024), nullable=False),
        sa.Column("send_with_mail", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"],
            name=op.f("fk_company_attachments_tenant_id_tenants"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_attachments")),
    )
    with op.batch_alter_table("company_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_attachments_tenant_id"), ["tenant_id"],
                              unique=False)
    _all_tenants(True)
    rows = op.get_bind().execute(sa.text(
        "SELECT tenant_id, terms_path, terms_filename FROM mail_settings "
        "WHERE terms_path IS NOT NULL ORDER BY tenant_id")).all()
    now = datetime.now(UTC)
    moved = []
    for tenant_id, path, filename in rows:
        name = filename or PurePath(path).name
        stored = _stored(path)
        moved.append({
            "tenant_id": tenant_id, "filename": name, "storage_path": path,
            "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "size": stored.stat().st_size if stored.is_file() else 0,
            "send_with_mail": True, "uploaded_at": now,
        })
    if moved:
        op.bulk_insert(table, moved)
    _all_tenants(False)
    with op.batch_alter_table("mail_settings", schema=None) as batch_op:
        batch_op.drop_column("terms_filename")
        batch_op.drop_column("terms_path")


def downgrade() -> None:
    """Put each tenant's first flagged file back as its terms file; drop the table."""
    with op.batch_alter_table("mail_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("terms_path", sa.String(length=1024), nullable=True))
        batch_op.add_column(sa.Column("terms_filename", sa.String(length=255), nullable=True))
    _all_tenants(True)
    op.execute(
        "UPDATE mail_settings SET "
        "terms_path = (SELECT a.storage_path FROM company_attachments a WHERE "
        "a.tenant_id = mail_settings.tenant_id AND a.send_with_mail ORDER BY a.id LIMIT 1), "
        "terms_filename = (SELECT a.filename FROM company_attachments a WHERE "
        "a.tenant_id = mail_settings.tenant_id AND a.send_with_mail ORDER BY a.id LIMIT 1)"
    )
    _all_tenants(False)
    with op.batch_alter_table("company_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_attachments_tenant_id"))
    op.drop_table("company_attachments")
