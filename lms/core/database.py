"""Database helpers shared by every capability."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from lms.extensions import db


def configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, enforced foreign keys and a busy timeout on every connection."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def insert_if_absent(model: type, **values) -> bool:
    """Insert a row unless a unique constraint already holds one; True when this call inserted it.

    Two requests racing to write the same row both succeed: one inserts, the other does nothing.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    primary_key = model.__mapper__.primary_key[0]
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(primary_key)
    # RETURNING says whether a row went in; rowcount is not reliable through the ORM here.
    return db.session.execute(statement).first() is not None
