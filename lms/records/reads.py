"""Reads of the records at once: within the open transaction if there is one, else outside any,
on a connection kept aside for such reads (lms.core.direct_reads), which costs a fraction of a
transaction: the signed-in person, a lesson done before, the checks before a quiz attempt."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import Select

from lms.extensions import db

Row = Any  # a named tuple of the query's columns: row.user_id


def first_row(query: Select, **values) -> tuple | None:
    """The query's first row. Values: each as its column's type takes it; a list for an IN
    list, of integers or strings."""
    if db.session().in_transaction():
        return db.session.execute(query, values).first()
    return current_app.extensions["lms.direct_reads"].first(query, **values)


def all_rows(query: Select, **values) -> list[Row]:
    """Every row of the query, read as first_row reads one: tuples with named columns."""
    if db.session().in_transaction():
        return list(db.session.execute(query, values))
    return current_app.extensions["lms.direct_reads"].all(query, **values)
