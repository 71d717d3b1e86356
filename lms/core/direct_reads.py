"""Reads of one statement outside any transaction, and short writes that are a transaction of
their own, on connections kept aside for them.

A read through the ORM session costs a transaction: a pooled connection taken (and pinged, on
PostgreSQL), BEGIN, the query, ROLLBACK, the connection given back. For the signed-in person's
row that measured 0.20 ms on SQLite and 1.1 ms on PostgreSQL, against 0.012 ms and 0.20 ms for
the same query sent on a connection of its own (`bench/identity.py`). A single statement outside
a transaction sees the latest committed state, which is all the reads made first thing in a
request need: who is signed in (lms.core.identity) and their stamp (lms.core.replay), a
learner's own results on their pages, and the checks a write makes before it takes a lock
(through lms.records.reads). A write of a few statements (a quiz attempt) is sent the same way:
on PostgreSQL one statement is its own transaction, a round trip where the session would take
at least four (ping, BEGIN, the statements, COMMIT).

Values go to the driver as the column's type writes them (a datetime as SQLite stores it), and
lists of integers or strings for an IN list.
Rows come back as a session would give them: named tuples (`row.user_id`), each column read by
its type (a date stored as text on SQLite comes back a date).
"""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import repeat
from threading import Lock
from typing import Any

from sqlalchemy import CompoundSelect, Select, event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import ExecutableReturnsRows as Statement  # a query or a write

from lms.core.database import begin_immediate

KEPT = 4  # connections kept between reads: more are closed after a burst of threads
Row = tuple  # a named tuple of the query's columns


@dataclass
class _Compiled:
    query: Statement  # kept with its compiled form, so that its id stays its own
    compiled: SQLCompiler
    sql: str
    row: type  # the named tuple of its columns
    returns_rows: bool  # a query, or a write with RETURNING
    # Per column, the type's reading of the driver's value: found at the first read, since on
    # PostgreSQL it depends on the type the server says it sends.
    readers: list[Callable | None] | None = None
    # IN lists fixed when the query was built, written out once: (SQL, parameter names in
    # order, their values).
    expanded: tuple[str, Sequence[str] | None, Mapping] | None = None
    # Per parameter whose type writes its values (a datetime on SQLite), how.
    writers: dict[str, Callable] = field(default_factory=dict)


class DirectReads:
    """A connection per read under way (one per process with sync workers), kept between
    requests (at most KEPT) and closed when the engine is disposed. They are taken out of the
    engine's pool, so that they never use up the places its sessions need."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._in_memory = engine.dialect.name == "sqlite" and engine.url.database in (
            None,
            "",
            ":memory:",
        )
        self._dialect = engine.dialect.name
        self._compiled: dict[int, _Compiled] = {}
        self._idle: list = []
        self._pid = os.getpid()
        self._lock = Lock()
        self.listeners: list[Callable[[str], None]] = []  # told each statement (tests count them)
        event.listen(engine, "engine_disposed", lambda _engine: self.close_all())

    def first(self, query: Select | CompoundSelect, **values) -> Row | None:
        """The query's first row, or None."""
        found = self._read(query, values, many=False)
        return found[0] if found else None

    def all(self, query: Select | CompoundSelect, **values) -> list[Row]:
        """Every row of the query."""
        return self._read(query, values, many=True)

    def write(self, *statements: tuple[Statement, Mapping]) -> list[Row]:
        """Statements, each with its values, run in order as one transaction of their own; the
        first one's rows (RETURNING). One statement on PostgreSQL is its own transaction; on
        SQLite they begin IMMEDIATE, taking the write lock before they read. A kept connection
        that fails is replaced and the write sent again: give only statements that may be sent
        twice without harm (an insert that does nothing where its row is present). Never while
        this thread's session has a transaction open: on SQLite it would wait for its own write
        lock (lms.records.reads.written chooses)."""
        compiled = [(self._statement(query), values) for query, values in statements]
        return self._run(compiled, many=True, writes=True)

    def _read(self, query: Select | CompoundSelect, values: dict, many: bool) -> list[Row]:
        return self._run([(self._statement(query), values)], many, writes=False)

    def _run(
        self, statements: list[tuple[_Compiled, Mapping]], many: bool, writes: bool
    ) -> list[Row]:
        """A kept connection that fails (the server restarted) is dropped and the statements
        tried once more on a new one; any other failure is raised."""
        sent = [self._sql(statement, values) for statement, values in statements]
        for listener in self.listeners:
            for sql, _parameters in sent:
                listener(sql)
        first = statements[0][0]
        if self._in_memory:  # the database lives in the pool's one connection: no other
            with self._engine.begin() if writes else self._engine.connect() as shared:
                raw, _type_codes = _fetch(
                    shared.connection.dbapi_connection, sent, many, first.returns_rows
                )
            return self._typed(raw, first, None)
        connection, kept = self._take()
        while True:
            try:
                raw, type_codes = _fetch(
                    connection,
                    sent,
                    many,
                    first.returns_rows,
                    described=first.readers is None,
                    begin=self._wrapped(writes, len(sent)),
                )
                break
            except Exception:
                _close(connection)
                if not kept:
                    raise
                connection, kept = self._take(new=True)
        self._give_back(connection)
        return self._typed(raw, first, type_codes)

    def _wrapped(self, writes: bool, count: int) -> Callable[[Any], None] | None:
        """How a transaction of these statements begins on a kept connection (given its cursor),
        which commits each statement on its own: None for one statement that needs nothing
        more."""
        if self._dialect == "sqlite":
            return begin_immediate if writes else None
        return _begin if count > 1 else None

    def _typed(self, rows: list[tuple], statement: _Compiled, type_codes: list | None) -> list[Row]:
        if statement.readers is None:
            dialect = self._engine.dialect
            statement.readers = [
                column.type.dialect_impl(dialect).result_processor(dialect, type_code)
                for column, type_code in zip(  # noqa: B905
                    statement.query.exported_columns, type_codes or repeat(None)
                )
            ]
        make, readers = statement.row._make, statement.readers  # type: ignore[attr-defined]
        if not any(readers):
            return [make(row) for row in rows]
        return [
            make(value if read is None else read(value) for read, value in zip(readers, row))  # noqa: B905
            for row in rows
        ]

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            _close(connection)

    def _statement(self, query: Statement) -> _Compiled:
        found = self._compiled.get(id(query))
        if found is None:
            dialect = self._engine.dialect
            compiled = query.compile(dialect=dialect)
            row = namedtuple("Row", query.exported_columns.keys(), rename=True)  # type: ignore[misc]
            found = self._compiled[id(query)] = _Compiled(
                query, compiled, str(compiled), row, returns_rows=bool(row._fields)
            )
            for bind in compiled.binds.values():
                write = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if write is not None and not bind.expanding:  # an IN list: integers, strings
                    found.writers[bind.key] = write
        return found

    @staticmethod
    def _sql(statement: _Compiled, values: Mapping) -> tuple[str, tuple | Mapping]:
        compiled = statement.compiled
        if statement.writers:
            writers = statement.writers
            values = {
                name: writers[name](value) if name in writers else value
                for name, value in values.items()
            }
        if compiled.post_compile_params:  # an IN list, written out for its values
            fixed = not any(bind.key in values for bind in compiled.post_compile_params)
            if fixed and statement.expanded is not None:
                sql, names, constants = statement.expanded
                given = {**constants, **values}
                return sql, (tuple(given[name] for name in names) if names else given)
            expanded = compiled.construct_expanded_state(values)
            if fixed:
                statement.expanded = (
                    expanded.statement,
                    expanded.positiontup,
                    expanded.parameters,
                )
            if compiled.positional:
                return expanded.statement, expanded.positional_parameters
            return expanded.statement, expanded.parameters
        parameters = compiled.construct_params(values)
        if compiled.positional:
            return statement.sql, tuple(parameters[name] for name in compiled.positiontup or ())
        return statement.sql, parameters

    def _take(self, new: bool = False) -> tuple[object, bool]:
        """A DBAPI connection, and whether it was kept from an earlier read."""
        if not new:
            with self._lock:
                if self._pid != os.getpid():  # a worker forked from the process that made the app
                    self._idle, self._pid = [], os.getpid()
                if self._idle:
                    return self._idle.pop(), True
        pooled = self._engine.raw_connection()  # made as every connection is (lms.core.database)
        pooled.detach()  # ours now: it takes no place the application's sessions need
        connection = pooled.dbapi_connection
        if self._engine.dialect.name == "postgresql":
            connection.autocommit = True  # type: ignore[union-attr]  # each read sees the latest
        return connection, False

    def _give_back(self, connection) -> None:
        with self._lock:
            if len(self._idle) < KEPT:
                self._idle.append(connection)
                return
        _close(connection)


def _fetch(
    connection,
    sent: list[tuple[str, tuple | Mapping]],
    many: bool,
    returns_rows: bool,
    described: bool = False,
    begin: Callable[[Any], None] | None = None,
) -> tuple[list[tuple], list]:
    """The first statement's rows, and when `described` the driver's type code of each of its
    columns (psycopg builds the description anew each time it is asked); begun by `begin` (given
    the cursor) and ended by COMMIT, when given."""
    cursor = connection.cursor()
    try:
        if begin:
            begin(cursor)
        rows: list = []
        type_codes: list = []
        for index, (sql, parameters) in enumerate(sent):
            cursor.execute(sql, parameters)
            if index == 0 and returns_rows:
                rows = cursor.fetchall() if many else cursor.fetchmany(1)
                if described:
                    type_codes = [column[1] for column in cursor.description]
        if begin:
            cursor.execute("COMMIT")
    except BaseException:
        if begin:
            with suppress(Exception):
                cursor.execute("ROLLBACK")
        raise
    finally:
        cursor.close()
    return [tuple(row) for row in rows], type_codes


def _begin(cursor) -> None:
    cursor.execute("BEGIN")


def _close(connection) -> None:
    with suppress(Exception):  # already broken: nothing more to release
        connection.close()
