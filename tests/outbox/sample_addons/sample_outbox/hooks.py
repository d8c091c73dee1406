"""Handlers that call the local service of the outbox tests (its URL in the payload)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from core.api import Job, OutboxHandler, PermanentFailure, RetryLater, create_customer, hookimpl

RECORDED: list[tuple[int, str, int]] = []  # (tenant, key, attempt) of every handled job
TICKS: list[int] = []  # the tenant of every run of the scheduled job
CLIENT = httpx.Client(timeout=5)


def call(ctx, job) -> None:
    """POST the payload to the service with the job's idempotency key; read its answer."""
    RECORDED.append((ctx.tenant_id, job.idempotency_key, job.attempt))
    url = job.payload.get("url")
    if not url:
        return
    try:
        answer = CLIENT.post(url, json={**job.payload, "tenant": ctx.tenant_id},
                             headers={"Idempotency-Key": job.idempotency_key})
    except httpx.TransportError as exc:
        raise RuntimeError(f"the service is down: {exc}") from exc
    if answer.status_code == 429:
        after = answer.headers.get("Retry-After", "60")
        raise RetryLater(float(after), f"429 Too Many Requests, retry after {after} s")
    if 400 <= answer.status_code < 500:
        raise PermanentFailure(f"{answer.status_code}: {answer.text}")
    answer.raise_for_status()


def note(ctx, job):
    """Record the call; the follow-up adds the customer the payload names (committed with
    the job marked done), and fails after adding it when the payload says so."""
    RECORDED.append((ctx.tenant_id, job.idempotency_key, job.attempt))
    if job.payload.get("fail"):
        raise ValueError(job.payload["fail"])
    if not job.payload.get("customer"):
        return None

    def follow_up(ctx) -> None:
        create_customer(ctx, {"name": job.payload["customer"]})
        if job.payload.get("fail_after"):
            raise ValueError(job.payload["fail_after"])

    return follow_up


@hookimpl
def facturo_outbox_handlers():
    """The sample's handlers."""
    return [
        OutboxHandler("sample", "call", call, max_attempts=3, backoff=timedelta(seconds=10)),
        OutboxHandler("sample", "note", note, max_attempts=2, concurrency=2),
        OutboxHandler("sample_once", "call", call, idempotent=False, concurrency=50,
                      lease=timedelta(seconds=3)),
        OutboxHandler("sample_many", "call", call, concurrency=50, rate_limit=None),
        OutboxHandler("sample_rated", "note", note, concurrency=10, rate_limit=3),
    ]


def tick(ctx) -> None:
    """The sample's daily job."""
    TICKS.append(ctx.tenant_id)


@hookimpl
def facturo_jobs():
    """The sample's scheduled job."""
    return [Job("tick", tick)]
