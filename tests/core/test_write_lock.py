"""SQLite's one write lock: a write waits for it in short pauses, up to the busy timeout, whether
sent on a connection kept aside (a quiz attempt) or through the session."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import make_url, select, update

from lms.core import database
from lms.core.database import BUSY_TIMEOUT_MS
from lms.core.identity import STAMP_BY_ID
from lms.extensions import db
from lms.models import User
from tests.core.test_direct_reads import RENAMED

pytestmark = pytest.mark.usefixtures("sqlite_only")


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock")


def _holding_the_write_lock(database_url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(
        make_url(database_url).database, isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_write_waits_for_the_lock_in_short_pauses(app, learner, database_url):
    """Another connection's write lock: the write goes in as soon as it is free, without the
    pauses of 1 ms and more of SQLite's own busy handler; the connection keeps its busy timeout
    for what else it sends."""
    reads = app.extensions["lms.direct_reads"]
    user_id = learner.id
    db.session.commit()
    holder = _holding_the_write_lock(database_url)
    threading.Timer(0.2, holder.commit).start()
    assert reads.write((RENAMED, {"user_id": user_id, "name": "After"})) == [("After",)]
    holder.close()
    (kept,) = reads._idle
    assert kept.execute("PRAGMA busy_timeout").fetchone() == (BUSY_TIMEOUT_MS,)


def test_a_write_gives_up_after_the_busy_timeout(app, learner, database_url, monkeypatch):
    reads = app.extensions["lms.direct_reads"]
    user_id = learner.id
    db.session.commit()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    holder = _holding_the_write_lock(database_url)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            reads.write((RENAMED, {"user_id": user_id, "name": "Never"}))
    finally:
        holder.close()
    assert "Never" not in reads.first(STAMP_BY_ID, user_id=user_id)


def test_a_session_write_waits_for_the_lock_the_same_way(app, learner, database_url):
    user_id = learner.id
    db.session.commit()
    holder = _holding_the_write_lock(database_url)
    threading.Timer(0.2, holder.commit).start()
    db.session.execute(update(User).where(User.id == user_id).values(name="Through the session"))
    db.session.commit()
    holder.close()
    assert db.session.scalar(select(User.name).where(User.id == user_id)) == "Through the session"
    busy_timeout = db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert busy_timeout == BUSY_TIMEOUT_MS
