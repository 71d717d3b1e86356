"""Reads of one row outside any transaction, on connections kept aside for them.

A read through the ORM session costs a transaction: a pooled connection taken (and pinged, on
PostgreSQL), BEGIN, the query, ROLLBACK, the connection given back. For the signed-in person's
row that measured 0.24 ms on SQLite and 1.6 ms on PostgreSQL, against 0.012 ms and 0.22 ms for
the same query sent on a connection of its own (`bench/identity.py`). A single statement outside
a transaction sees the latest committed state, which is all the reads made first thing in a
request need: who is signed in (lms.core.identity) and their stamp (lms.core.replay).

Values go to the driver as they are, and rows come back as the driver gives them: use it for
integers and strings only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from threading import Lock

from sqlalchemy import Select, event
from sqlalchemy.engine import Engine


class DirectReads:
    """One connection per read under way (one per process with sync workers), kept between
    requests and closed when the engine is disposed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._compiled: dict[int, tuple[Select, object, str]] = {}
        self._idle: list = []
        self._pid = os.getpid()
        self._lock = Lock()
        self.listeners: list[Callable[[str], None]] = []  # told each statement (tests count them)
        event.listen(engine, "engine_disposed", lambda _engine: self.close_all())

    def first(self, query: Select, **values) -> tuple | None:
        """The query's first row, or None. A kept connection that fails (the server restarted)
        is dropped and the read tried once more on a new one; any other failure is raised."""
        sql, parameters = self._statement(query, values)
        for listener in self.listeners:
            listener(sql)
        connection, kept = self._take()
        try:
            row = _fetch_first(connection, sql, parameters)
        except Exception:
            connection.invalidate()
            if not kept:
                raise
            connection, _kept = self._take(new=True)
            try:
                row = _fetch_first(connection, sql, parameters)
            except Exception:
                connection.invalidate()
                raise
        with self._lock:
            self._idle.append(connection)
        return row

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.invalidate()

    def _statement(self, query: Select, values: dict) -> tuple[str, tuple | dict]:
        found = self._compiled.get(id(query))
        if found is None:  # the query is kept with it, so that its id stays its own
            compiled = query.compile(dialect=self._engine.dialect)
            found = self._compiled[id(query)] = (query, compiled, str(compiled))
        _query, compiled, sql = found
        parameters = compiled.construct_params(values)  # type: ignore[attr-defined]
        if compiled.positional:  # type: ignore[attr-defined]
            return sql, tuple(parameters[name] for name in compiled.positiontup)  # type: ignore[attr-defined]
        return sql, parameters

    def _take(self, new: bool = False) -> tuple[object, bool]:
        """A connection, and whether it was kept from an earlier read."""
        if not new:
            with self._lock:
                if self._pid != os.getpid():  # a worker forked from the process that made the app
                    self._idle, self._pid = [], os.getpid()
                if self._idle:
                    return self._idle.pop(), True
        connection = self._engine.raw_connection()
        if self._engine.dialect.name == "postgresql":
            connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        return connection, False


def _fetch_first(connection, sql: str, parameters: tuple | dict) -> tuple | None:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, parameters)
        row = cursor.fetchone()
    finally:
        cursor.close()
    return None if row is None else tuple(row)
