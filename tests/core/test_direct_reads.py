"""Reads of one row outside any transaction: the signed-in person and their stamp, first thing
in a request, without the cost of a transaction."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, insert, select, update

from lms.core.direct_reads import KEPT
from lms.core.identity import STAMP_BY_ID
from lms.extensions import db
from lms.models import Base, CohortModule, LessonProgress, LiveSession, User
from tests.conftest import make_config


def test_a_read_sees_what_is_committed_and_nothing_for_an_unknown_id(app, learner):
    reads = app.extensions["lms.direct_reads"]
    assert reads.first(STAMP_BY_ID, user_id=learner.id)[0] == learner.records_version
    db.session.execute(update(User).where(User.id == learner.id).values(name="Renamed"))
    db.session.commit()
    assert "Renamed" in reads.first(STAMP_BY_ID, user_id=learner.id)
    assert reads.first(STAMP_BY_ID, user_id=learner.id + 1000) is None


OPENINGS = (
    select(CohortModule.module_slug, CohortModule.opens_on)
    .where(
        CohortModule.cohort_id == bindparam("cohort_id"),
        CohortModule.module_slug.in_(["sse-game-changer", "sustainable-development"]),
    )
    .order_by(CohortModule.module_slug)
)


def test_every_row_comes_back_typed_as_through_a_session(app, make_cohort):
    """A date stored as text on SQLite is read back a date; an IN list is written out."""
    cohort = make_cohort(openings={"sse-game-changer": date(2023, 8, 21)})
    reads = app.extensions["lms.direct_reads"]
    assert reads.all(OPENINGS, cohort_id=cohort.id) == [
        ("sse-game-changer", date(2023, 8, 21)),
        ("sustainable-development", None),
    ]
    assert reads.all(OPENINGS, cohort_id=cohort.id + 1000) == []
    assert reads.first(OPENINGS, cohort_id=cohort.id) == ("sse-game-changer", date(2023, 8, 21))


SESSIONS_SINCE = (
    select(LiveSession.title)
    .where(LiveSession.starts_at >= bindparam("since", type_=LiveSession.starts_at.type))
    .order_by(LiveSession.starts_at)
)


def test_a_value_is_written_as_its_column_type_writes_it(app, cohort):
    """A datetime compared with one that SQLite stores as text, to the microsecond and across
    zones: written as a session would write it."""
    starts_at = datetime(2023, 8, 31, 15, 0, 0, 1, tzinfo=UTC)
    db.session.add(LiveSession(cohort_id=cohort.id, title="Live", starts_at=starts_at,
                               duration_minutes=90))  # fmt: skip
    db.session.commit()
    reads = app.extensions["lms.direct_reads"]
    assert reads.all(SESSIONS_SINCE, since=starts_at) == [("Live",)]
    assert reads.all(SESSIONS_SINCE, since=starts_at.replace(microsecond=2)) == []
    bogota = starts_at.astimezone(ZoneInfo("America/Bogota"))  # 10:00:00.000001 there
    assert reads.all(SESSIONS_SINCE, since=bogota) == [("Live",)]


def test_its_connections_take_no_place_in_the_pool_of_the_sessions(app, learner):
    reads = app.extensions["lms.direct_reads"]
    threads = [
        threading.Thread(target=reads.first, args=(STAMP_BY_ID,), kwargs={"user_id": 1})
        for _ in range(30)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.engine.pool.checkedout() == 0
    assert 1 <= len(reads._idle) <= KEPT


def test_one_connection_serves_one_read_at_a_time(app, learner):
    """The development server runs each request in a thread of its own: no connection per
    thread may pile up."""
    reads = app.extensions["lms.direct_reads"]
    for _ in range(20):
        thread = threading.Thread(target=reads.first, args=(STAMP_BY_ID,), kwargs={"user_id": 1})
        thread.start()
        thread.join()
    assert len(reads._idle) == 1


def test_a_kept_connection_that_broke_is_replaced_within_the_same_read(app, learner):
    reads = app.extensions["lms.direct_reads"]
    reads.first(STAMP_BY_ID, user_id=learner.id)
    [kept] = reads._idle
    kept.close()  # as a database restart would leave it
    assert reads.first(STAMP_BY_ID, user_id=learner.id)[0] == learner.records_version
    assert reads._idle and reads._idle[0] is not kept


def test_a_signed_in_request_reads_the_person_on_a_connection_of_its_own(learner_client, app):
    reads = app.extensions["lms.direct_reads"]
    seen: list[str] = []
    reads.listeners.append(seen.append)
    assert learner_client.get("/account").status_code == 200
    assert len(seen) == 1 and seen[0].replace('"', "").startswith("SELECT user.id")


RENAME = update(User).where(User.id == bindparam("user_id")).values(name=bindparam("name"))
# Made before RENAME is ever read: a statement derived from one already read keeps its columns.
RENAMED = RENAME.returning(User.name)
PROGRESS = insert(LessonProgress).values(
    user_id=bindparam("user_id"), module_slug="sse-game-changer", lesson_id="what-is-sse",
    completed_at=bindparam("at", type_=LessonProgress.completed_at.type),
)  # fmt: skip


def test_a_write_is_a_transaction_of_its_own_committed_whole_or_not_at_all(app, learner):
    reads = app.extensions["lms.direct_reads"]
    at = datetime(2023, 8, 14, 12, 0, tzinfo=UTC)
    user_id = learner.id
    db.session.commit()  # a write would wait for SQLite's one write lock, were it the session's
    renamed = reads.write(
        (RENAMED, {"user_id": user_id, "name": "Kept"}),
        (PROGRESS, {"user_id": user_id, "at": at}),
    )
    assert renamed == [("Kept",)]
    assert "Kept" in reads.first(STAMP_BY_ID, user_id=user_id)  # committed: seen elsewhere
    assert db.session.scalar(select(LessonProgress.completed_at)) == at
    db.session.rollback()
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        reads.write(
            (RENAME, {"user_id": user_id, "name": "Lost"}),
            (PROGRESS, {"user_id": user_id + 1000, "at": at}),  # no such person
        )
    assert "Kept" in reads.first(STAMP_BY_ID, user_id=user_id)
    assert reads.write((RENAMED, {"user_id": 0, "name": "Nobody"})) == []


def test_an_in_memory_database_is_read_and_written_on_the_connection_that_holds_it(
    make_app, catalogue
):
    memory = make_app(make_config("sqlite://"), catalogue)
    with memory.app_context():
        Base.metadata.create_all(db.engine)
        db.session.add(User(email="m@example.org", name="In Memory", role="learner"))
        db.session.commit()
        reads = memory.extensions["lms.direct_reads"]
        assert reads.first(STAMP_BY_ID, user_id=1)[0] == 0
        assert db.session.scalar(select(User.name)) == "In Memory"  # the database is still there
        db.session.rollback()
        assert reads.write((RENAMED, {"user_id": 1, "name": "Renamed"})) == [("Renamed",)]
        assert db.session.scalar(select(User.name)) == "Renamed"
