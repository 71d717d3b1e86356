"""Work a request should not wait for (mail, large imports and exports, certificate batches),
run by RQ workers on Redis when REDIS_URL is set, or in this process, at once, when it is not
(`make run` needs nothing more).

A job is a plain function of ids, so a worker can run it again: each one keeps its state in the
database (an outbox row sent once, a file made once) and does nothing the second time. Jobs are
retried three times, and a job whose worker died is taken up again by the next worker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, g
from redis import Redis
from rq import Queue, Retry, Worker

from lms.extensions import db

RETRIES = Retry(max=3, interval=[10, 60, 300])


def background(job: Callable) -> Callable:
    """Mark a job function: in a worker, each job runs in a process forked for it (RQ's work
    horse), with database connections of its own."""

    @wraps(job)
    def run(*args: object) -> object:
        if g.get("lms_worker"):
            db.engine.dispose(close=False)  # never use the forking process's connections
        try:
            return job(*args)
        finally:
            if g.get("lms_worker"):
                db.session.remove()

    return run


def queued() -> bool:
    """Whether jobs go to workers (REDIS_URL set) rather than running in the request."""
    return bool(current_app.config.get("REDIS_URL"))


def queue() -> Queue:
    config = current_app.config
    return Queue(config["JOBS_QUEUE"], connection=Redis.from_url(config["REDIS_URL"]))


def enqueue(job: Callable, *args: object, job_id: str | None = None) -> None:
    """Run `job(*args)` in the background, or now when no queue is configured. Call it after
    committing what the job needs to read."""
    if not queued():
        job(*args)
        return
    queue().enqueue(
        job, *args, job_id=job_id, retry=RETRIES, job_timeout=3600, failure_ttl=7 * 86400
    )


def run_worker(burst: bool = False) -> None:
    """Work the queue (the app context is the caller's), one job at a time, each in a process
    forked for it: a job that crashes or is killed leaves the worker standing, and a worker that
    dies has its job taken up again by another once its heartbeat lapses (90 s)."""
    g.lms_worker = True
    worker = Worker([queue()], connection=queue().connection)
    worker.push_exc_handler(_end_session)
    worker.work(burst=burst, with_scheduler=True)


def _end_session(job, *exc_info) -> bool:
    db.session.rollback()
    return True  # go on to RQ's own handling: the retry, else the failed-job registry
