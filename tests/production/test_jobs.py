"""Background jobs on RQ and Redis: a job queued while no worker runs is done by the worker that
starts later, once, however often it is queued or a worker goes over it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.core import jobs, mail
from lms.extensions import db
from lms.models import Outbox
from tests.conftest import make_config

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def app_config(database_url, inbox, queue_name):
    return make_config(
        database_url, REDIS_URL=REDIS_URL, JOBS_QUEUE=queue_name, MAIL_SERVER="127.0.0.1",
        MAIL_PORT=inbox.port,
    )  # fmt: skip


def run_worker(database_url: str, queue_name: str, mail_port: int) -> subprocess.CompletedProcess:
    """`lms worker --burst` in a process of its own, as a machine would run it."""
    env = {
        **os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
        "REDIS_URL": REDIS_URL, "JOBS_QUEUE": queue_name, "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
    }  # fmt: skip
    lms = Path(sys.executable).parent / "lms"
    return subprocess.run(
        [str(lms), "worker", "--burst"], env=env, capture_output=True, text=True, timeout=120
    )


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
