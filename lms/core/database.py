"""Database helpers shared by every capability."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from flask import g, has_request_context, request
from sqlalchemy import Insert, Table, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from lms.extensions import db
from lms.models import Base
from lms.records.reads import transaction_open

BUSY_TIMEOUT_MS = 15000  # how long a SQLite write waits for the write lock


def configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, enforced foreign keys and a busy timeout on every connection,
    and real transactions.

    Python's sqlite3 driver starts no transaction before a SAVEPOINT, so work inside a savepoint
    would be committed at once and a later rollback could not undo it: we say BEGIN ourselves.
    Transactions that may write begin IMMEDIATE, taking SQLite's one write lock (waiting up to
    the busy timeout) before they read, so that two of them never fail on each other halfway.
    A GET request only reads, so it begins a plain transaction and blocks no one, unless it says
    it writes (g.lms_writing: the audit row of a page that shows personal data).
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        reading = has_request_context() and (
            (request.method in ("GET", "HEAD") and not g.get("lms_writing", False))
            or g.get("lms_reading", False)
        )
        if reading:
            connection.exec_driver_sql("BEGIN")
            return
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            begin_immediate(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, above
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL never corrupts the database; a power cut (not a crash of the
            # application) may lose the last commits. FULL waits for the disk at every commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def begin_immediate(cursor) -> None:
    """BEGIN IMMEDIATE on a DBAPI cursor, tried again after short pauses while another connection
    holds SQLite's write lock, for up to BUSY_TIMEOUT_MS. SQLite's own busy handler sleeps 1 ms,
    then 2, 5, 10 ms and more between tries, where most writes hold the lock for some 0.1 ms:
    two workers sending quiz attempts at once left the processor idle a sixth of the time."""
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.00005
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.002)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@contextmanager
def reading() -> Iterator[None]:
    """A transaction that only reads, ended on leaving the block, even in a request that will
    write later: on SQLite it takes no write lock, so slow work after it (checking a password)
    holds up no one."""
    if transaction_open():
        raise RuntimeError("reading() must start before anything else in the transaction")
    g.lms_reading = True
    try:
        yield
    finally:
        db.session.rollback()
        g.lms_reading = False


def outside_transactions(work: str) -> None:
    """Refuse slow work (`work` names it) while a transaction is open: on SQLite a writer's
    transaction holds the one write lock, and everyone else waits."""
    if transaction_open():
        raise RuntimeError(f"{work} inside a database transaction")


def accepts_writes() -> bool:
    """Whether the database would take a write now, found without writing anything: SQLite's
    write lock within a second, or a PostgreSQL primary that is not read-only."""
    if db.engine.dialect.name == "sqlite":
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA busy_timeout=1000")
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("ROLLBACK")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            return True
        except sqlite3.Error:
            return False
        finally:
            raw.close()
    try:
        with db.engine.connect() as connection:
            read_only = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
            return read_only == "off"
    except SQLAlchemyError:
        return False


def unless_present(model: type[Base]) -> Insert:
    """An INSERT into the model's table (Core: no ORM bulk work) that does nothing where a unique
    constraint already holds such a row: no error, so no savepoint is needed around it;
    RETURNING says whether the row went in."""
    dialect = db.engine.dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(cast(Table, model.__table__)).on_conflict_do_nothing()


def insert_if_absent(model: type[Base], **values) -> bool:
    """Insert a row unless a unique constraint already holds one; True when this call inserted it.

    Two requests racing to write the same row both succeed: one inserts, the other does nothing.
    """
    primary_key = model.__mapper__.primary_key[0]
    statement = unless_present(model).values(**values).returning(primary_key)
    # RETURNING says whether a row went in; rowcount is not reliable through the ORM here.
    return db.session.execute(statement).first() is not None
