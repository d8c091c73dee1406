"""Concurrent posting: writers in threads, each with its own session, get gapless numbers."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from core.addons.errors import HookError
from core.documents.lines import LineData
from core.documents.models import Document
from core.documents.posting import post_document
from core.documents.service import create_document

WRITERS = 4
POSTINGS = 250
YEAR = date.today().year


def _writer(app, tenant_id, customer_id, index, errors, failing_every=0):
    try:
        for n in range(POSTINGS):
            fail = failing_every and n % failing_every == 0
            try:
                with app.tenant_context(tenant_id, write=True) as ctx:
                    doc = create_document(
                        ctx, "invoice", customer_id,
                        notes="fail on posting" if fail else f"writer {index}",
                        lines=[LineData(description=f"w{index} n{n}", quantity=1,
                                        unit_price="1.00")],
                    )
                    post_document(ctx, doc)
            except HookError:
                if not fail:
                    raise
    except BaseException as exc:  # reported by the test thread
        errors.append(exc)


def _run(app, tenant_id, customer_id, failing_every=0):
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_writer,
                         args=(app, tenant_id, customer_id, i, errors, failing_every))
        for i in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.tenant_context(tenant_id) as ctx:
        return list(ctx.session.scalars(select(Document.number).where(
            Document.number.is_not(None))))


@pytest.mark.slow
def test_four_writers_post_1000_invoices_without_gap_or_duplicate(app, tenant_id, customer_id):
    numbers = _run(app, tenant_id, customer_id)
    assert sorted(numbers) == [f"F{YEAR}{n:04d}" for n in range(1, WRITERS * POSTINGS + 1)]


@pytest.mark.slow
def test_failed_postings_among_concurrent_writers_leave_no_gap(app, addon_tenant_id,
                                                               addon_customer_id):
    numbers = _run(app, addon_tenant_id, addon_customer_id, failing_every=25)
    posted = WRITERS * (POSTINGS - POSTINGS // 25)
    assert sorted(numbers) == [f"F{YEAR}{n:04d}" for n in range(1, posted + 1)]
    with app.tenant_context(addon_tenant_id) as ctx:
        drafts = ctx.session.scalars(select(Document).where(Document.state == "draft")).all()
        assert drafts == []  # a failed posting rolled back its whole unit of work
