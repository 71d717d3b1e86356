"""Background jobs on RQ and Redis: a job queued while no worker runs is done by the worker that
starts later, once, however often it is queued or a worker goes over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq.registry import StartedJobRegistry
from rq.scheduler import RQScheduler
from sqlalchemy import func, select, text

from lms.cohorts import importing
from lms.cohorts.background import import_learners
from lms.core import jobs, mail
from lms.core.prepared import new_file
from lms.extensions import db
from lms.models import Enrolment, Outbox, PreparedFile
from tests.conftest import make_config

REDIS_URL = "redis://127.0.0.1:6379/0"
LMS = Path(sys.executable).parent / "lms"


@pytest.fixture
def app_config(database_url, inbox, queue_name):
    return make_config(
        database_url, REDIS_URL=REDIS_URL, JOBS_QUEUE=queue_name, MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
    )  # fmt: skip


def worker_environment(database_url: str, queue_name: str, mail_port: int) -> dict[str, str]:
    return {
        **os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
        "REDIS_URL": REDIS_URL, "JOBS_QUEUE": queue_name, "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
    }  # fmt: skip


def run_worker(database_url: str, queue_name: str, mail_port: int) -> subprocess.CompletedProcess:
    """`lms worker --burst` in a process of its own, as a machine would run it."""
    return subprocess.run(
        [str(LMS), "worker", "--burst"],
        env=worker_environment(database_url, queue_name, mail_port),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_queued_mail_waits_for_a_worker_and_is_sent_once(
    app,
    database_url,
    inbox,
    queue_name,
):
    assert jobs.queued()
    assert mail.deliver("learner@example.org", "Hello", "A message.")
    message_id = db.session.scalar(select(Outbox.id))
    jobs.enqueue(mail.send_from_outbox, message_id)  # queued twice, by a retry or a double click
    assert inbox.messages == []  # no worker yet: nothing is sent from the request
    assert jobs.queue().count == 2
    db.session.commit()  # the test holds no lock while the worker writes
    first = run_worker(database_url, queue_name, inbox.port)
    assert first.returncode == 0, first.stderr
    again = run_worker(database_url, queue_name, inbox.port)  # a restarted worker
    assert again.returncode == 0, again.stderr
    assert len(inbox.messages) == 1
    db.session.expire_all()
    assert db.session.get(Outbox, message_id).sent_at is not None
    jobs.queue().delete(delete_jobs=True)


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.1)


def test_a_job_under_way_when_its_worker_dies_is_done_once_by_the_next(
    app, database_url, inbox, queue_name, cohort, facilitator
):
    """A large import is queued; its worker is killed (SIGKILL) in the middle of the job, holding
    the enrolments it has written so far in its open transaction; the next worker does the whole
    import once: every learner enrolled once, each invitation sent once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a row lock makes the job wait mid-way: PostgreSQL")
    emails = [f"learner{n}@example.org" for n in range(30)]
    key = importing.store_upload(cohort.id, facilitator.id, "email\n" + "\n".join(emails))
    assert importing.claim_upload(cohort.id, key) is not None
    prepared = new_file("import", cohort.id, facilitator.id, "es")
    db.session.commit()
    jobs.enqueue(import_learners, prepared.id, key)
    environment = worker_environment(database_url, queue_name, inbox.port)
    # The test holds the file's row: the job enrols everyone, then waits to write the file.
    with db.engine.connect() as holder:
        holder.execute(
            select(PreparedFile.id).where(PreparedFile.id == prepared.id).with_for_update()
        )
        worker = subprocess.Popen([str(LMS), "worker"], env=environment)
        try:
            wait_until(a_query_waits_for_a_lock)
        finally:  # the machine stops: the worker, its scheduler and the job's process
            for pid in [*descendants(worker.pid), worker.pid]:
                os.kill(pid, signal.SIGKILL)
            worker.wait()
        holder.rollback()
    assert db.session.scalar(select(func.count(Enrolment.id))) == 0  # nothing half-written
    assert db.session.get(PreparedFile, prepared.id).finished_at is None
    # What RQ does once the dead worker's timers lapse, done now rather than in minutes: its
    # scheduler lock expires (61 s), and the maintenance finds the job's heartbeat gone (90 s)
    # and queues it again, as it has retries left.
    connection = jobs.queue().connection
    connection.delete(RQScheduler.get_locking_key(queue_name))
    StartedJobRegistry(queue=jobs.queue()).cleanup(timestamp=time.time() + 120)
    successor = subprocess.Popen([str(LMS), "worker"], env=environment)
    try:
        wait_until(lambda: finished(prepared.id))  # the retry waits its interval (10 s), then runs
        wait_until(lambda: len(inbox.messages) == len(emails))
        time.sleep(1)  # any second sending would arrive now
    finally:
        successor.terminate()  # a warm shutdown: its scheduler stops with it
        successor.wait()
    assert db.session.scalar(select(func.count(Enrolment.id))) == len(emails)
    assert sorted(message["To"] for message in inbox.messages) == sorted(emails)
    jobs.queue().delete(delete_jobs=True)


def descendants(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [grandchild for child in map(int, children) for grandchild in descendants(child)] + [
        int(child) for child in children
    ]


def finished(file_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(PreparedFile, file_id).finished_at is not None


def a_query_waits_for_a_lock() -> bool:
    # A connection of its own each time: within a transaction the statistics do not change.
    with db.engine.connect() as connection:
        return connection.execute(text(WAITING_FOR_A_LOCK)).scalar() > 0


WAITING_FOR_A_LOCK = (
    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
    "AND datname = current_database()"
)
