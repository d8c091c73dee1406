"""The outbox of external calls: jobs written with the business change, run by workers.

`enqueue` writes a job in the caller's transaction; `run_jobs` (called by `facturo worker`)
claims due jobs, runs each in its tenant's context through the handler an addon registered
with `facturo_outbox_handlers()`, and records the outcome: done, retried later (backoff with
jitter, or the remote side's Retry-After) or failed (dead-letter, retried from Settings).
"""
