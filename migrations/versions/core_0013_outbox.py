"""outbox: jobs of calls to the outside world, claimed by workers

`outbox_jobs` holds one row per call (service, action, JSON payload, idempotency key) with
its state, attempts, lease and last error. On PostgreSQL, `facturo_outbox_claim(...)` runs
a worker's claim as the owner of the tables (the application's role sees one tenant at a
time): it gives back jobs whose lease ran out, then claims due jobs with
`FOR UPDATE SKIP LOCKED` within each tenant's and service's limits, claimers queued on an
advisory lock so that the limits are counted exactly; it returns ids and tenants only.

Revision ID: core_0013_outbox
Revises: core_0012_search_page
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0013_outbox"
down_revision: str | Sequence[str] | None = "core_0012_search_page"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_ARGUMENTS = ("p_worker text, p_max_jobs integer, p_lease_seconds double precision, "
                   "p_now timestamptz, p_services text[], p_concurrency integer[], "
                   "p_per_minute integer[], p_interrupted text")

CLAIM = f"""
CREATE FUNCTION facturo_outbox_claim({CLAIM_ARGUMENTS})
RETURNS TABLE (job_id integer, job_tenant_id integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  previous text := coalesce(current_setting('facturo.all_tenants', true), 'off');
BEGIN
  PERFORM set_config('facturo.all_tenants', 'on', true);
  PERFORM pg_advisory_xact_lock(4206193013);
  UPDATE outbox_jobs AS j SET state = 'queued', locked_by = NULL, lease_until = NULL
   WHERE j.state = 'claimed' AND j.lease_until <= p_now;
  UPDATE outbox_jobs AS j SET
     state = CASE WHEN j.retry_interrupted AND j.attempts < j.max_attempts
                  THEN 'queued' ELSE 'failed' END,
     finished_at = CASE WHEN j.retry_interrupted AND j.attempts < j.max_attempts
                        THEN NULL ELSE p_now END,
     run_after = p_now, locked_by = NULL, lease_until = NULL, last_error = p_interrupted
   WHERE j.state = 'running' AND j.lease_until <= p_now;
  RETURN QUERY
  WITH limits AS (
    SELECT l.service, l.concurrency, l.per_minute
      FROM unnest(p_services, p_concurrency, p_per_minute) AS l(service, concurrency, per_minute)
  ), busy AS (
    SELECT b.tenant_id, b.service,
           count(*) FILTER (WHERE b.state IN ('claimed', 'running')
                            AND b.lease_until > p_now) AS running,
           count(*) FILTER (WHERE b.claimed_at > p_now - interval '1 minute') AS recent
      FROM outbox_jobs AS b
     WHERE (b.state IN ('claimed', 'running') AND b.lease_until > p_now)
        OR b.claimed_at > p_now - interval '1 minute'
     GROUP BY b.tenant_id, b.service
  ), due AS (
    SELECT d.id, d.tenant_id, d.service, d.run_after
      FROM outbox_jobs AS d
     WHERE d.state = 'queued' AND d.run_after <= p_now
     ORDER BY d.run_after, d.id
     LIMIT p_max_jobs * 10
       FOR UPDATE SKIP LOCKED
  ), ranked AS (
    SELECT u.id, u.run_after, u.tenant_id, u.service,
           row_number() OVER (PARTITION BY u.tenant_id, u.service
                              ORDER BY u.run_after, u.id) AS n
      FROM due AS u
  ), chosen AS (
    SELECT r.id
      FROM ranked AS r
      LEFT JOIN limits AS l ON l.service = r.service
      LEFT JOIN busy AS b ON b.tenant_id = r.tenant_id AND b.service = r.service
     WHERE r.n <= coalesce(l.concurrency, 4) - coalesce(b.running, 0)
       AND (l.per_minute IS NULL OR r.n <= l.per_minute - coalesce(b.recent, 0))
     ORDER BY r.run_after, r.id
     LIMIT p_max_jobs
  )
  UPDATE outbox_jobs AS j
     SET state = 'claimed', locked_by = p_worker, claimed_at = p_now,
         lease_until = p_now + make_interval(secs => p_lease_seconds)
    FROM chosen AS c
   WHERE j.id = c.id
  RETURNING j.id, j.tenant_id;
  PERFORM set_config('facturo.all_tenants', previous, true);
END $$
"""


def upgrade() -> None:
    op.create_table(
        "outbox_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("retry_interrupted", sa.Boolean(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_outbox_jobs_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_jobs")),
        sa.UniqueConstraint("tenant_id", "service", "idempotency_key",
                            name=op.f("uq_outbox_jobs_tenant_id_service_idempotency_key")),
    )
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_jobs_state_run_after", ["state", "run_after"])
        batch_op.create_index("ix_outbox_jobs_tenant_id_state", ["tenant_id", "state"])
        batch_op.create_index(batch_op.f("ix_outbox_jobs_tenant_id"), ["tenant_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CLAIM)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION facturo_outbox_claim({CLAIM_ARGUMENTS})")
    with op.batch_alter_table("outbox_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_jobs_tenant_id"))
        batch_op.drop_index("ix_outbox_jobs_tenant_id_state")
        batch_op.drop_index("ix_outbox_jobs_state_run_after")
    op.drop_table("outbox_jobs")
