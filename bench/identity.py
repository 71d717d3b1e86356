"""What reading the signed-in person costs, first thing in every signed-in request.

Times the account query of lms.core.identity read three ways: through the ORM session in a
transaction of its own (a pooled connection taken, pinged on PostgreSQL, BEGIN, the query,
ROLLBACK, the connection given back), as lms.core.direct_reads reads it (the query alone, on a
connection kept for such reads), and sent straight to the driver (the floor). Prints
microseconds per read, the best of five runs. On a throw-away SQLite database, or with
`--database postgresql` on DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test; its
schema is rebuilt, so give it a scratch database).

    .venv/bin/python bench/identity.py
    .venv/bin/python bench/identity.py --database postgresql
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import flask_migrate
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import best_run
from lms import create_app
from lms.auth.service import create_user, hash_password
from lms.core.database import reading
from lms.core.identity import IDENTITY_BY_ID
from lms.extensions import db


def microseconds(read: Callable[[], object]) -> float:
    return best_run(read, 3000)[0] * 1000


def driver_read(engine, user_id: int) -> Callable[[], object]:
    """The same query sent straight to the driver, on a connection of its own, its SQL and
    parameters made once: what no layer above the driver can beat."""
    compiled = IDENTITY_BY_ID.compile(dialect=engine.dialect)
    values = compiled.construct_params({"user_id": user_id})
    parameters = (
        tuple(values[name] for name in compiled.positiontup or ())
        if compiled.positional
        else values
    )
    connection = engine.raw_connection().dbapi_connection
    if engine.dialect.name == "postgresql":
        connection.autocommit = True

    def read() -> object:
        cursor = connection.cursor()
        cursor.execute(str(compiled), parameters)
        row = cursor.fetchone()
        cursor.close()
        return row

    return read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        if args.database == "postgresql":
            url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
        else:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
        with app.app_context():
            if args.database == "postgresql":
                db.session.execute(text("DROP SCHEMA public CASCADE"))
                db.session.execute(text("CREATE SCHEMA public"))
                db.session.commit()
            flask_migrate.upgrade()
            user_id = create_user("bench@example.org", "Bench", hash_password("bench password")).id
            db.session.commit()
        # A POST: on SQLite the session's own transactions would begin IMMEDIATE, as they do.
        with app.test_request_context("/", method="POST"):

            def through_the_session() -> object:
                with reading():
                    return db.session.execute(IDENTITY_BY_ID, {"user_id": user_id}).first()

            direct = app.extensions["lms.direct_reads"]
            assert tuple(through_the_session()) == direct.first(IDENTITY_BY_ID, user_id=user_id)
            session_us = microseconds(through_the_session)
            direct_us = microseconds(lambda: direct.first(IDENTITY_BY_ID, user_id=user_id))
            driver_us = microseconds(driver_read(db.engine, user_id))
        with app.app_context():
            db.engine.dispose()
    print(f"database: {args.database}; the signed-in person's row, microseconds per read")
    print(f"{'through the ORM session':<28} {session_us:>8.1f}")
    print(f"{'direct read':<28} {direct_us:>8.1f}")
    print(f"{'the driver alone':<28} {driver_us:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
