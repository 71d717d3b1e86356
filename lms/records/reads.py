"""Reads of the records at once: within the open transaction if there is one, else outside any,
on a connection kept aside for such reads (lms.core.direct_reads), which costs a fraction of a
transaction: the signed-in person, a lesson done before, the checks before a quiz attempt. And
short writes the same way (a quiz attempt): a transaction of their own when none is open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from flask import current_app
from sqlalchemy import CompoundSelect, CursorResult, Select
from sqlalchemy.sql.selectable import ExecutableReturnsRows as Statement  # a query or a write

from lms.extensions import db

Row = Any  # a named tuple of the query's columns: row.user_id


def transaction_open() -> bool:
    """Whether this request's session has a transaction open, found without making a session
    when it has none yet: most requests read outside any (a session made and closed again cost
    a quiz submission some 0.05 ms)."""
    return db.session.registry.has() and db.session().in_transaction()


def first_row(query: Select | CompoundSelect, **values) -> tuple | None:
    """The query's first row. Values: each as its column's type takes it; a list for an IN
    list, of integers or strings."""
    if transaction_open():
        return db.session.execute(query, values).first()
    return current_app.extensions["lms.direct_reads"].first(query, **values)


def all_rows(query: Select | CompoundSelect, **values) -> list[Row]:
    """Every row of the query, read as first_row reads one: tuples with named columns."""
    if transaction_open():
        return list(db.session.execute(query, values))
    return current_app.extensions["lms.direct_reads"].all(query, **values)


def written(*statements: tuple[Statement, Mapping]) -> list[Row]:
    """Statements, each with its values, run in order as one transaction; the first one's rows
    (RETURNING): within the open transaction if there is one, committed with it; else as a
    transaction of their own, committed when this returns, on a connection kept aside (which
    may send them twice: give statements that do no harm sent again)."""
    if transaction_open():
        rows: list[Row] = []
        for index, (statement, values) in enumerate(statements):
            result = cast(CursorResult, db.session.execute(statement, values))
            if index == 0 and result.returns_rows:
                rows = list(result)
        return rows
    return current_app.extensions["lms.direct_reads"].write(*statements)
