"""Handlers that call the local service of the outbox tests (its URL in the payload)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from core.api import OutboxHandler, PermanentFailure, RetryLater, hookimpl

RECORDED: list[tuple[int, str, int]] = []  # (tenant, key, attempt) of every handled job


def call(ctx, job) -> None:
    """POST the payload to the service with the job's idempotency key; read its answer."""
    RECORDED.append((ctx.tenant_id, job.idempotency_key, job.attempt))
    url = job.payload.get("url")
    if not url:
        return
    try:
        answer = httpx.post(url, json={**job.payload, "tenant": ctx.tenant_id},
                            headers={"Idempotency-Key": job.idempotency_key}, timeout=5)
    except httpx.TransportError as exc:
        raise RuntimeError(f"the service is down: {exc}") from exc
    if answer.status_code == 429:
        after = answer.headers.get("Retry-After", "60")
        raise RetryLater(float(after), f"429 Too Many Requests, retry after {after} s")
    if 400 <= answer.status_code < 500:
        raise PermanentFailure(f"{answer.status_code}: {answer.text}")
    answer.raise_for_status()


def note(ctx, job) -> None:
    """Record the call in the tenant's database only (its writes commit with the job)."""
    RECORDED.append((ctx.tenant_id, job.idempotency_key, job.attempt))
    if job.payload.get("fail"):
        raise ValueError(job.payload["fail"])


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
