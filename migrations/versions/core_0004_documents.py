"""documents, lines, links, tenant settings; posted documents frozen by triggers

Revision ID: core_0004
Revises: core_0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0004"
down_revision: str | Sequence[str] | None = "core_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Content of a posted document that never changes; the payment and sending bookkeeping
# (state among the posted states, amount_paid, amount_credited, sent_at, internal_note,
# customer_id after a merge of customers, updated_at) may.
FROZEN_DOCUMENT_COLUMNS = (
    "tenant_id",
    "kind",
    "number",
    "contact_person_id",
    "attention",
    "issue_date",
    "due_date",
    "payment_term_days",
    "vat_regime",
    "vat_exemption_article",
    "language",
    "currency",
    "structured_ref",
    "total_excl_vat",
    "total_vat",
    "total_incl_vat",
    "notes",
    "credited_document_id",
    "posted_at",
)
FROZEN_JSON_COLUMNS = ("party", "custom_data")
# Every line column but source_line_id (set to NULL when the line it was copied from goes).
LINE_COLUMNS = (
    "tenant_id",
    "document_id",
    "position",
    "line_type",
    "product_id",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount_percent",
    "vat_rate",
    "vat_category",
    "net_amount",
    "price_typed",
    "addon_id",
    '"group"',
)
POSTED_MESSAGE = "a posted document cannot be changed; correct it with a credit note"


def _pg_triggers() -> list[str]:
    frozen = ", ".join(
        [f"NEW.{c}" for c in FROZEN_DOCUMENT_COLUMNS]
        + [f"NEW.{c}::text" for c in FROZEN_JSON_COLUMNS]
    )
    before = frozen.replace("NEW.", "OLD.")
    line_new = ", ".join(f"NEW.{c}" for c in LINE_COLUMNS)
    line_old = line_new.replace("NEW.", "OLD.")
    purge = "current_setting('facturo.purge', true) = 'on'"
    return [
        f"""
        CREATE FUNCTION facturo_documents_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {purge} THEN
            RETURN COALESCE(NEW, OLD);
          END IF;
          IF TG_OP = 'DELETE' THEN
            IF OLD.state <> 'draft' THEN
              RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
          END IF;
          IF OLD.state <> 'draft' AND (
            NEW.state = 'draft' OR ({frozen}) IS DISTINCT FROM ({before})
          ) THEN
            RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', OLD.id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$
        """,
        """
        CREATE TRIGGER documents_frozen BEFORE UPDATE OR DELETE ON documents
        FOR EACH ROW EXECUTE FUNCTION facturo_documents_frozen()
        """,
        f"""
        CREATE FUNCTION facturo_document_lines_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {purge} THEN
            RETURN COALESCE(NEW, OLD);
          END IF;
          IF TG_OP = 'UPDATE' AND ({line_new}) IS NOT DISTINCT FROM ({line_old}) THEN
            RETURN NEW;
          END IF;
          IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
            SELECT 1 FROM documents WHERE id = OLD.document_id AND state <> 'draft'
          ) THEN
            RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', OLD.document_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
            SELECT 1 FROM documents WHERE id = NEW.document_id AND state <> 'draft'
          ) THEN
            RAISE EXCEPTION '{POSTED_MESSAGE} (document %)', NEW.document_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$
        """,
        """
        CREATE TRIGGER document_lines_frozen BEFORE INSERT OR UPDATE OR DELETE
        ON document_lines FOR EACH ROW EXECUTE FUNCTION facturo_document_lines_frozen()
        """,
    ]


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(
        f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN_DOCUMENT_COLUMNS + FROZEN_JSON_COLUMNS
    )
    line_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in LINE_COLUMNS)
    posted = "(SELECT state FROM documents WHERE id = {ref}.document_id) <> 'draft'"
    abort = f"BEGIN SELECT RAISE(ABORT, '{POSTED_MESSAGE}'); END"
    return [
        f"""
        CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
        WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR {changed})
        {abort}
        """,
        f"""
        CREATE TRIGGER document_lines_frozen_insert BEFORE INSERT ON document_lines
        WHEN {posted.format(ref="NEW")}
        {abort}
        """,
        f"""
        CREATE TRIGGER document_lines_frozen_update BEFORE UPDATE ON document_lines
        WHEN ({line_changed})
          AND ({posted.format(ref="OLD")} OR {posted.format(ref="NEW")})
        {abort}
        """,
        f"""
        CREATE TRIGGER document_lines_frozen_delete BEFORE DELETE ON document_lines
        WHEN {posted.format(ref="OLD")}
        {abort}
        """,
    ]


def _create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"postgresql": _pg_triggers, "sqlite": _sqlite_triggers}.get(dialect)
    for statement in statements() if statements else ():
        op.execute(statement)


def _drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS document_lines_frozen ON document_lines")
        op.execute("DROP TRIGGER IF EXISTS documents_frozen ON documents")
        op.execute("DROP FUNCTION IF EXISTS facturo_document_lines_frozen()")
        op.execute("DROP FUNCTION IF EXISTS facturo_documents_frozen()")
    elif dialect == "sqlite":
        for name in (
            "documents_frozen",
            "document_lines_frozen_insert",
            "document_lines_frozen_update",
            "document_lines_frozen_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.create_table(
        "tenant_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_tenant_settings_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant_settings")),
        sa.UniqueConstraint("tenant_id", "key", name=op.f("uq_tenant_settings_tenant_id_key")),
    )
    with op.batch_alter_table("tenant_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenant_settings_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_person_id", sa.Integer(), nullable=True),
        sa.Column("attention", sa.String(length=200), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("payment_term_days", sa.Integer(), nullable=True),
        sa.Column("vat_regime", sa.String(length=30), nullable=False),
        sa.Column("vat_exemption_article", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("structured_ref", sa.String(length=12), nullable=True),
        sa.Column("total_excl_vat", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("total_vat", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("total_incl_vat", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("amount_paid", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("amount_credited", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("party", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("internal_note", sa.Text(), nullable=False),
        sa.Column("custom_data", sa.JSON(), nullable=False),
        sa.Column("credited_document_id", sa.Integer(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credited_document_id"],
            ["documents.id"],
            name=op.f("fk_documents_credited_document_id_documents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["contacts.id"], name=op.f("fk_documents_customer_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_documents_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint(
            "tenant_id", "kind", "number", name=op.f("uq_documents_tenant_id_kind_number")
        ),
        sa.UniqueConstraint(
            "tenant_id", "structured_ref", name=op.f("uq_documents_tenant_id_structured_ref")
        ),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_credited_document_id"), ["credited_document_id"], unique=False
        )
        batch_op.create_index(
            "ix_documents_tenant_customer", ["tenant_id", "customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            "ix_documents_tenant_kind_date",
            ["tenant_id", "kind", "issue_date", "state"],
            unique=False,
        )

    op.create_table(
        "document_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_type", sa.String(length=20), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("vat_category", sa.String(length=3), nullable=False),
        sa.Column("net_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("price_typed", sa.Boolean(), nullable=False),
        sa.Column("addon_id", sa.String(length=63), nullable=True),
        sa.Column("group", sa.String(length=63), nullable=True),
        sa.Column("source_line_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_lines_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_line_id"],
            ["document_lines.id"],
            name=op.f("fk_document_lines_source_line_id_document_lines"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_document_lines_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_lines")),
    )
    with op.batch_alter_table("document_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_lines_source_line_id"), ["source_line_id"], unique=False
        )
        batch_op.create_index(
            "ix_document_lines_tenant_document", ["tenant_id", "document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_lines_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "document_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("link_type", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["documents.id"],
            name=op.f("fk_document_links_source_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["documents.id"],
            name=op.f("fk_document_links_target_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_document_links_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_links")),
        sa.UniqueConstraint(
            "tenant_id",
            "source_id",
            "target_id",
            name=op.f("uq_document_links_tenant_id_source_id_target_id"),
        ),
    )
    with op.batch_alter_table("document_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_links_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_links_target_id"), ["target_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_links_tenant_id"), ["tenant_id"], unique=False
        )

    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("document_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_links_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_document_links_target_id"))
        batch_op.drop_index(batch_op.f("ix_document_links_source_id"))

    op.drop_table("document_links")
    with op.batch_alter_table("document_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_lines_tenant_id"))
        batch_op.drop_index("ix_document_lines_tenant_document")
        batch_op.drop_index(batch_op.f("ix_document_lines_source_line_id"))

    op.drop_table("document_lines")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_tenant_kind_date")
        batch_op.drop_index(batch_op.f("ix_documents_tenant_id"))
        batch_op.drop_index("ix_documents_tenant_customer")
        batch_op.drop_index(batch_op.f("ix_documents_credited_document_id"))

    op.drop_table("documents")
    with op.batch_alter_table("tenant_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenant_settings_tenant_id"))

    op.drop_table("tenant_settings")
