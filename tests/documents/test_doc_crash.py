"""Crashes: a process posting in a loop is killed (SIGKILL) at random moments.

After every kill the database is intact, numbering has no gap and no duplicate, and every
posted document is complete: its lines and totals, its number and communication, and its
stored PDF (one missing because the kill came between the posting's commit and the storing
is stored on first use, byte for byte what it would have been).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from document_helpers import add_customer
from sqlalchemy import func, select

from core.documents.lines import LineData
from core.documents.models import Document, DocumentLine, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document
from core.numbering.models import NumberCounter
from core.output.adapter import build_view
from core.output.models import DocumentFile
from core.output.pdf import render_pdf
from core.output.stored import file_bytes, posted_pdf, stored_file

KILLS = 5
CHILD = Path(__file__).with_name("crash_poster.py")
YEAR = date.today().year


def _start(app, tenant_id: int, customer_id: int, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "FACTURO_DATABASE_URL": app.settings.database_url,
           "FACTURO_VAR_DIR": str(tmp_path), "FACTURO_SECRET_KEY": "test-secret",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, str(CHILD), str(tenant_id), str(customer_id)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_at_random(child: subprocess.Popen, rng: random.Random) -> None:
    ready = child.stdout.readline()
    if ready.strip() != b"ready":  # it died on its own: show why
        child.kill()
        raise AssertionError(child.stderr.read().decode())
    try:
        child.wait(timeout=rng.uniform(0.0, 0.8))
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()


def _check_integrity(app) -> None:
    if app.db.dialect == "sqlite":
        with app.db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


@pytest.mark.slow
def test_kill_9_at_random_moments_keeps_numbering_gapless_and_documents_complete(
        app, tenant_id, tmp_path):
    with app.tenant_context(tenant_id) as ctx:
        customer_id = add_customer(ctx, "Bouwbedrijf Claes").id
    rng = random.Random(20260402)
    for _kill in range(KILLS):
        _kill_at_random(_start(app, tenant_id, customer_id, tmp_path), rng)
        _check_integrity(app)
    with app.tenant_context(tenant_id) as ctx:
        posted = ctx.session.scalars(
            select(Document).where(Document.state != DocumentState.DRAFT)
            .order_by(Document.number)).all()
        assert len(posted) >= KILLS  # each child posted and stored at least one
        assert [doc.number for doc in posted] == [
            f"F{YEAR}{n:04d}" for n in range(1, len(posted) + 1)]
        assert ctx.session.scalar(select(func.max(NumberCounter.last_value))) == len(posted)
        refs = [doc.structured_ref for doc in posted]
        assert all(refs) and len(set(refs)) == len(refs)
        missing = 0
        for doc in posted:
            lines = ctx.session.scalars(
                select(DocumentLine).where(DocumentLine.document_id == doc.id)).all()
            assert len(lines) == 2
            assert sum((line.net_amount for line in lines), Decimal(0)) == doc.total_excl_vat
            assert doc.total_excl_vat + doc.total_vat == doc.total_incl_vat > 0
            assert doc.party["name"] == "Bouwbedrijf Claes" and doc.posted_at is not None
            found = stored_file(ctx, doc.id)
            if found is None:
                missing += 1  # killed between the posting's commit and the storing
            else:
                assert file_bytes(found) == render_pdf(build_view(ctx, doc))
        assert missing <= 3 * KILLS  # a batch stores its three PDFs after its commit
    # first use stores what is missing; afterwards every posted document has its PDF
    with app.tenant_context(tenant_id) as ctx:
        for doc in posted:
            assert posted_pdf(ctx, ctx.session.get(Document, doc.id)).startswith(b"%PDF")
    with app.tenant_context(tenant_id) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(DocumentFile)) == len(posted)
    _check_integrity(app)
    # the dead processes left no lock behind: a new writer gets the next number
    with app.tenant_context(tenant_id, write=True) as ctx:
        doc = create_document(ctx, "invoice", customer_id, lines=[
            LineData(description="Nazending", quantity=1, unit_price="5.00", vat_rate=21)])
        assert post_document(ctx, doc).number == f"F{YEAR}{len(posted) + 1:04d}"
