"""Background jobs on Redis (RQ): work a person should not wait for, and that must survive a
failure, such as handing an e-mail to an SMTP server that is slow or down.

With ``REDIS_URL`` (or ``JOBS_REDIS_URL``) set, ``enqueue`` puts the job on the queue and a
worker started with ``flask jobs work`` runs it, retrying a failed job later
(``JOBS_RETRY_INTERVALS``). Without Redis, and when Redis cannot be reached, the job runs at
once in the request, so nothing is lost on a development machine or during a Redis outage.
Jobs are plain importable functions that take plain values; a worker runs them inside the
app context of ``flask jobs work``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis
from flask import current_app
from rq import Queue, Retry
from rq.job import Job

log = logging.getLogger("borgernet.jobs")


def connection() -> redis.Redis | None:
    """The Redis the queue lives on, or None when jobs run in the request."""
    url = current_app.config.get("JOBS_REDIS_URL")
    if not url:
        return None
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def queue(conn: redis.Redis) -> Queue:
    return Queue(current_app.config["JOBS_QUEUE"], connection=conn)


def enqueue(func: Callable[..., Any], *args: Any, description: str) -> str | None:
    """Run ``func(*args)`` in a worker; returns the job id, or None when it ran here and now.

    Call it after the commit: a job must never announce a change that was rolled back. A job
    that runs here and fails is logged, not raised: the person's change is already saved.
    """
    conn = connection()
    if conn is not None:
        config = current_app.config
        intervals = list(config["JOBS_RETRY_INTERVALS"])
        try:
            job = queue(conn).enqueue(
                func, *args, description=description,
                retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
                job_timeout=config["JOBS_TIMEOUT"], result_ttl=config["JOBS_RESULT_TTL"],
                failure_ttl=config["JOBS_FAILURE_TTL"])
            return job.id
        except redis.RedisError as error:
            log.warning("Job queue unreachable (%s); running %s now", error, description)
    try:
        func(*args)
    except Exception:
        log.exception("Job failed: %s", description)
    return None


@dataclass(frozen=True)
class FailedJob:
    """A job that failed for good, told without its arguments (they may hold an address)."""

    description: str
    ended_at: datetime | None
    reason: str  # the error's last line


def failed_jobs(queue_: Queue, limit: int = 20) -> list[FailedJob]:
    """The newest jobs that failed for good, at most `limit`."""
    ids = queue_.failed_job_registry.get_job_ids(0, limit - 1, desc=True)
    found = []
    for job in Job.fetch_many(ids, connection=queue_.connection):
        if job is None:  # expired meanwhile
            continue
        result = job.latest_result()
        lines = ((result.exc_string if result else None) or "").strip().splitlines()
        found.append(FailedJob(job.description or job.func_name, job.ended_at,
                               lines[-1] if lines else "(no error was recorded)"))
    return found
