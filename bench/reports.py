"""Time and peak memory of the completion report and its exports at 1,000 and 10,000 learners.

Seeds a cohort with realistic progress (most learners started, fewer finished, quiz attempts with
a spread of scores, live-session attendance), on SQLite, or on PostgreSQL when DATABASE_URL is set
(its tables are dropped and rebuilt: point it at a scratch database). Prints, for the report page
(first page of rows, summary over everyone), the CSV and the XLSX: seconds, peak Python memory and
bytes, at both sizes, and the ratio between the sizes. Target: under 2 s at 10,000, ratio near 10.

    .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import logging
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import insert, select, text

from lms import create_app
from lms.auth.service import create_user
from lms.cohorts import service
from lms.extensions import db
from lms.models import (
    Attendance,
    Base,
    Enrolment,
    LessonProgress,
    LiveSession,
    ModuleCompletion,
    QuizAttempt,
    User,
)

SIZES = (1_000, 10_000)
TARGET_SECONDS = 2.0
PASSWORD = "bench password 2023"  # noqa: S105 - a throw-away account in a throw-away database


def seed(size: int, catalogue, facilitator_id: int) -> int:
    """A cohort of `size` learners; returns its id."""
    rng = random.Random(size)
    modules = [module for module in catalogue.modules if module.is_available]
    facilitator = db.session.get(User, facilitator_id)
    cohort = service.create_cohort(
        name=f"Bench {size}", language="es", starts_on=date(2023, 8, 14),
        ends_on=date(2023, 9, 8), timezone="America/Bogota", published=True,
        modules=[service.ModulePlan(m.slug, date(2023, 8, 14) + timedelta(7 * i))
                 for i, m in enumerate(modules)],
        facilitators=[facilitator], attendance_required=0.5,
    )  # fmt: skip
    sessions = []
    for n in range(3):
        live = LiveSession(cohort_id=cohort.id, title=f"Session {n + 1}", duration_minutes=90,
                           starts_at=datetime(2023, 8, 17 + 7 * n, 15, tzinfo=UTC))  # fmt: skip
        db.session.add(live)
        sessions.append(live)
    db.session.flush()
    first = db.session.scalar(select(db.func.coalesce(db.func.max(User.id), 0))) + 1
    names = ["Ana", "أمل", "김민지", "Ольга", "João", "Amani", "Lucía", "Mateo"]
    db.session.execute(insert(User), [
        {"id": first + n, "email": f"bench{size}-{n}@example.org", "name": f"{names[n % 8]} {n}",
         "password_hash": "x", "role": "learner", "country": rng.choice(["CO", "PE", "JO", "KR"]),
         "institution": "Sindicato"}
        for n in range(size)
    ])  # fmt: skip
    db.session.execute(insert(Enrolment), [
        {"cohort_id": cohort.id, "user_id": first + n, "accepted_at": datetime.now(UTC)}
        for n in range(size)
    ])  # fmt: skip
    lessons, attempts, completions, attendance = [], [], [], []
    for n in range(size):
        user_id = first + n
        reach = rng.choices(range(len(modules) + 1), weights=[10, 20, 25, 25, 20])[0]
        for index, module in enumerate(modules[: reach + 1]):
            day = datetime(2023, 8, 15, 12, tzinfo=UTC) + timedelta(
                days=7 * index + rng.randint(0, 5)
            )
            done = (
                len(module.lesson_ids) if index < reach else rng.randint(0, len(module.lesson_ids))
            )
            lessons += [{"user_id": user_id, "module_slug": module.slug, "lesson_id": lesson,
                         "completed_at": day} for lesson in module.lesson_ids[:done]]  # fmt: skip
            if index < reach:
                tries = rng.choice([1, 1, 2, 3])
                for number in range(1, tries + 1):
                    percent = 100.0 if number == tries else rng.uniform(30, 69)
                    attempts.append(
                        {
                            "user_id": user_id,
                            "module_slug": module.slug,
                            "number": number,
                            "token": f"b{size}-{user_id}-{index}-{number}",
                            "language": "es",
                            "answers": {},
                            "points": percent,
                            "max_points": 100,
                            "percent": percent,
                            "passed": number == tries,
                            "submitted_at": day + timedelta(hours=number),
                        }
                    )
                completions.append({"user_id": user_id, "module_slug": module.slug,
                                    "completed_at": day + timedelta(hours=4)})  # fmt: skip
        attendance += [{"session_id": s.id, "user_id": user_id}
                       for s in sessions if rng.random() < 0.6]  # fmt: skip
    for model, rows in ((LessonProgress, lessons), (QuizAttempt, attempts),
                        (ModuleCompletion, completions), (Attendance, attendance)):  # fmt: skip
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start : start + 5000])
    db.session.commit()
    return cohort.id


def measure(client, url: str) -> tuple[float, float, int]:
    """Seconds (untraced: tracing slows allocation-heavy code) and, in a second request, peak
    Python memory."""
    started = time.perf_counter()
    response = client.get(url)
    body = response.data
    seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    tracemalloc.start()
    client.get(url).data  # noqa: B018 - read the whole body while tracing
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, len(body)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                          "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8,
                          "ARGON2_PARALLELISM": 1})  # fmt: skip
        with app.app_context():
            with db.engine.begin() as connection:
                if connection.dialect.name == "postgresql":  # its functions and triggers too
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
                else:
                    Base.metadata.drop_all(connection)
                    connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            flask_migrate.upgrade()
            logging.getLogger("alembic").setLevel(logging.WARNING)
            facilitator = create_user("bench-facilitator@example.org", "Bench", PASSWORD,
                                      "facilitator", "en")  # fmt: skip
            db.session.commit()
            facilitator_id = facilitator.id
            catalogue = app.extensions["lms.catalogue"]
            cohorts = {size: seed(size, catalogue, facilitator_id) for size in SIZES}
            print(f"database: {db.engine.url.get_backend_name()}")
        client = app.test_client()
        client.post("/login", data={"email": "bench-facilitator@example.org", "password": PASSWORD})
        results = {}
        for size in SIZES:
            for name, suffix in (
                ("page", "report"),
                ("csv", "report.csv"),
                ("xlsx", "report.xlsx"),
            ):
                measure(client, f"/cohorts/{cohorts[size]}/{suffix}")  # warm caches once
                results[size, name] = measure(client, f"/cohorts/{cohorts[size]}/{suffix}")
        print(f"{'what':<6} {'learners':>8} {'seconds':>8} {'peak MiB':>9} {'bytes':>11}")
        slow = []
        for name in ("page", "csv", "xlsx"):
            for size in SIZES:
                seconds, peak, size_bytes = results[size, name]
                print(f"{name:<6} {size:>8} {seconds:>8.2f} {peak:>9.1f} {size_bytes:>11}")
                if size == SIZES[-1] and seconds > TARGET_SECONDS:
                    slow.append(name)
            ratio = results[SIZES[1], name][0] / results[SIZES[0], name][0]
            print(f"{name:<6} ratio of times {SIZES[1]:,}/{SIZES[0]:,}: {ratio:.1f}")
        print(f"target: under {TARGET_SECONDS} s at {SIZES[-1]:,} learners: "
              f"{'missed by ' + ', '.join(slow) if slow else 'met'}")  # fmt: skip
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
