"""One loop for all background work: two workers side by side run the outbox, the
scheduled jobs (once per slot) and the e-mail outbox, and stop when asked."""

from __future__ import annotations

import threading

from sample_outbox import hooks as sample_hooks

from core.api import enqueue, enqueue_mail
from core.mail.settings import save_mail_settings
from core.outbox.models import JobState, OutboxJob
from core.outbox.worker import Worker, WorkerOptions


def test_two_workers_run_jobs_scheduled_jobs_and_mail_each_once(
        app, make_company, facturo_mailbox):
    company = make_company("Bakkerij Peeters")
    with app.tenant_context(company.id) as ctx:
        save_mail_settings(ctx.session, host=facturo_mailbox.host, port=facturo_mailbox.port,
                           security="none", from_address="facturen@peeters.example")
        enqueue_mail(ctx, to=["klant@example.be"], subject="Uw factuur", body_text="Tekst")
        job_id = enqueue(ctx, "sample", "note", {})
    workers = [Worker(app, WorkerOptions(idle=0.01), worker_id=f"w{n}") for n in (1, 2)]
    threads = [threading.Thread(target=worker.run, kwargs={"rounds": 3}) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [item.message["Subject"] for item in facturo_mailbox.received] == ["Uw factuur"]
    ticks = list(sample_hooks.TICKS)
    assert ticks == [company.id]
    assert sum(worker.totals.done for worker in workers) == 1
    with app.db.session(company.id) as session:
        assert session.get(OutboxJob, job_id).state == JobState.DONE


def test_a_worker_asked_to_stop_leaves_the_loop(app):
    worker = Worker(app, WorkerOptions(idle=30, scheduled_jobs=False, mail=False))
    thread = worker.start_thread()
    worker.stop()
    thread.join(10)
    assert not thread.is_alive()
