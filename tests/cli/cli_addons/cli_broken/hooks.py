"""A facturo_cli implementation that raises, and a job that always fails."""

from __future__ import annotations

from typing import Any

from core import hookimpl
from core.jobs import Job


def fail(ctx: Any) -> None:
    raise RuntimeError("the job broke")


@hookimpl
def facturo_cli(app: Any) -> None:
    raise RuntimeError("no commands today")


@hookimpl
def facturo_jobs() -> list[Job]:
    return [Job("explode", fail)]
