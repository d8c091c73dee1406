"""Integrity under faults: broken addons fail closed, nothing leaves a rolled-back posting,
SQLite writers wait for each other instead of failing."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select, text

from core.addons.catalogue import Catalogue
from core.addons.errors import AddonLoadError, HookError
from core.app import Facturo
from core.documents.batch import NewDocument, create_and_post_many
from core.documents.lines import LineData
from core.documents.models import Document, DocumentState
from core.documents.posting import post_document
from core.documents.service import create_document

YEAR = date.today().year
SAMPLE = "sample_documents"


def invoice(ctx, customer, notes=""):
    return create_document(ctx, "invoice", customer, notes=notes, lines=[
        LineData(description="Brood", quantity=2, unit_price="3.10", vat_rate=6),
    ])


def numbers(app, tenant_id):
    with app.tenant_context(tenant_id) as ctx:
        return list(ctx.session.scalars(
            select(Document.number).where(Document.number.is_not(None)).order_by(Document.id)))


# --- a broken addon that is on fails closed -------------------------------------------------


def _broken_app(app: Facturo) -> Facturo:
    """The same deployment after an upgrade in which the sample addon no longer imports."""
    broken = AddonLoadError(SAMPLE, "import failed: ModuleNotFoundError: No module named 'x'")
    return Facturo(app.settings, catalogue=Catalogue.load([broken]), registry=app.registry)


def test_a_broken_addon_that_is_on_refuses_the_postings_it_takes_part_in(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    sample_hooks_state.BEHAVIOUR["refuse"] = True
    with app.tenant_context(addon_tenant_id) as ctx:
        draft_id = invoice(ctx, addon_customer_id).id
    from core.addons.errors import AddonBroken

    broken = _broken_app(app)
    try:
        with pytest.raises(AddonBroken) as refused, \
                broken.tenant_context(addon_tenant_id, write=True) as ctx:
            post_document(ctx, draft_id)
        assert refused.value.addon_id == SAMPLE
        assert SAMPLE in str(refused.value) and "cannot be loaded" in str(refused.value)
        assert numbers(broken, addon_tenant_id) == []
        with broken.tenant_context(addon_tenant_id) as ctx:
            assert ctx.broken == {SAMPLE}
            assert ctx.session.get(Document, draft_id).state == DocumentState.DRAFT
    finally:
        broken.db.dispose()


def test_a_broken_addon_leaves_other_tenants_alone(app, tenant_id, customer_id,
                                                   addon_tenant_id):
    broken = _broken_app(app)
    try:
        with broken.tenant_context(tenant_id, write=True) as ctx:
            assert ctx.broken == frozenset()
            assert post_document(ctx, invoice(ctx, customer_id)).number == f"F{YEAR}0001"
    finally:
        broken.db.dispose()


def test_a_broken_addon_can_be_switched_off_and_then_writes_go_through(
        app, addon_tenant_id, addon_customer_id):
    broken = _broken_app(app)
    try:
        broken.addon_manager.switch_off(addon_tenant_id, SAMPLE)
        with broken.tenant_context(addon_tenant_id, write=True) as ctx:
            assert ctx.broken == frozenset()
            post_document(ctx, invoice(ctx, addon_customer_id))
        assert numbers(broken, addon_tenant_id) == [f"F{YEAR}0001"]
    finally:
        broken.db.dispose()


# --- what reaches outside the database leaves after the commit ------------------------------


def _announced(hooks):
    return [(number, state) for name, (number, state) in
            ((name, value) for name, value in hooks.CALLS if name == "announced")]


def test_a_committed_posting_is_announced_once_after_its_commit(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        doc = post_document(ctx, invoice(ctx, addon_customer_id))
        assert _announced(sample_hooks_state) == []  # not before the commit
    # the hook saw the posting from another connection: it was committed
    assert _announced(sample_hooks_state) == [(doc.number, DocumentState.POSTED)]


def test_a_rolled_back_posting_announces_nothing_and_its_number_only_once(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    with app.tenant_context(addon_tenant_id) as ctx:
        failing = invoice(ctx, addon_customer_id, notes="fail on posting").id
        good = invoice(ctx, addon_customer_id).id
    for _attempt in range(3):
        with pytest.raises(HookError), app.tenant_context(addon_tenant_id, write=True) as ctx:
            post_document(ctx, failing)
    # a caller whose own unit of work fails after a good posting
    with pytest.raises(RuntimeError), app.tenant_context(addon_tenant_id, write=True) as ctx:
        post_document(ctx, good)
        raise RuntimeError("the caller fails after posting")
    assert _announced(sample_hooks_state) == []
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        post_document(ctx, good)
    assert _announced(sample_hooks_state) == [(f"F{YEAR}0001", DocumentState.POSTED)]
    # document_posted ran inside each attempt, and saw the same number every time
    assert [v for name, v in sample_hooks_state.CALLS if name == "posted"] == [
        f"F{YEAR}0001"] * 5


def test_a_batch_is_announced_after_its_commit_in_order(
        app, addon_tenant_id, addon_customer_id, sample_hooks_state):
    lines = [LineData(description="Brood", quantity=1, unit_price="3.10", vat_rate=6)]
    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        create_and_post_many(ctx, "invoice", [NewDocument(addon_customer_id, lines)] * 3)
        assert _announced(sample_hooks_state) == []
    assert _announced(sample_hooks_state) == [
        (f"F{YEAR}{n:04d}", DocumentState.POSTED) for n in (1, 2, 3)]


# --- SQLite: a unit of work that reads before it writes waits for other writers ---------------


def _hold_write_lock(app, started, seconds):
    with app.db.engine.connect() as connection:
        connection.execution_options(sqlite_begin="IMMEDIATE")
        connection.exec_driver_sql("UPDATE tenants SET name = name")
        started.set()
        threading.Event().wait(seconds)
        connection.commit()


def test_a_unit_of_work_that_reads_first_waits_for_another_writer(app, tenant_id, customer_id):
    if app.db.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    for _round in range(3):
        started = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(app, started, 0.4))
        with app.tenant_context(tenant_id) as ctx:  # no write=True: reads, then writes
            ctx.session.execute(text("SELECT count(*) FROM documents")).scalar()
            holder.start()
            started.wait(0.5)
            invoice(ctx, customer_id)
        holder.join()
    with app.tenant_context(tenant_id) as ctx:
        assert len(ctx.session.scalars(select(Document.id)).all()) == 3


def test_switching_an_addon_on_waits_for_a_posting_in_progress(app, tenant_id):
    if app.db.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(app, started, 1.0))
    holder.start()
    started.wait(5)
    app.addon_manager.switch_on(tenant_id, SAMPLE)
    holder.join()
    with app.tenant_context(tenant_id) as ctx:
        assert ctx.active == {SAMPLE}


def test_a_writer_that_waits_past_the_timeout_says_what_it_waited_for(app, tenant_id,
                                                                      monkeypatch):
    if app.db.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    from core.db import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT", 0.3)
    impatient = Facturo(app.settings, catalogue=app.catalogue, registry=app.registry)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(app, started, 1.5))
    holder.start()
    started.wait(5)
    try:
        with pytest.raises(engine.DatabaseBusy, match="another process to finish writing"), \
                impatient.tenant_context(tenant_id) as ctx:
            ctx.session.execute(text("SELECT 1"))
    finally:
        holder.join()
        impatient.db.dispose()
    assert numbers(app, tenant_id) == []


def test_no_pdf_is_drawn_for_good_while_an_addon_that_is_on_is_broken(
        app, addon_tenant_id, addon_customer_id):
    from core.addons.errors import AddonBroken
    from core.output.stored import posted_pdf, store_posted_pdf, stored_file

    with app.tenant_context(addon_tenant_id, write=True) as ctx:
        document_id = post_document(ctx, invoice(ctx, addon_customer_id)).id
    broken = _broken_app(app)
    try:
        with pytest.raises(AddonBroken, match=SAMPLE):
            store_posted_pdf(broken, addon_tenant_id, document_id)
        with pytest.raises(AddonBroken, match=SAMPLE), \
                broken.tenant_context(addon_tenant_id) as ctx:
            posted_pdf(ctx, ctx.session.get(Document, document_id))
        with broken.tenant_context(addon_tenant_id) as ctx:
            assert stored_file(ctx, document_id) is None
    finally:
        broken.db.dispose()
