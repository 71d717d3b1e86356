"""The progress grid and the run-sheet use a fixed number of queries, whatever the cohort's size."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from lms.extensions import db
from lms.models import Enrolment, LessonProgress, ModuleCompletion, QuizAttempt, User


def add_learners(cohort, count: int, module) -> None:
    """Bulk rows, with varied progress: a third completed module 1, a third started it."""
    start = db.session.scalar(select(func.count(User.id))) + 1
    users = [
        {"email": f"bulk{start + n}@example.org", "name": f"Learner {start + n:05d}",
         "password_hash": "x", "role": "learner"}
        for n in range(count)
    ]  # fmt: skip
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
    )
    now = datetime.now(UTC)
    db.session.execute(
        insert(Enrolment),
        [{"cohort_id": cohort.id, "user_id": i, "accepted_at": now} for i in ids],
    )
    progress, attempts, done = [], [], []
    for n, user_id in enumerate(ids):
        if n % 3 == 2:
            continue
        for lesson_id in module.lesson_ids[: (5 if n % 3 == 0 else 2)]:
            progress.append(
                {"user_id": user_id, "module_slug": module.slug, "lesson_id": lesson_id}
            )
        if n % 3 == 0:
            attempts.append({"user_id": user_id, "module_slug": module.slug, "number": 1,
                             "token": f"tok-{user_id:08d}-xxxxxxxxxxxx", "language": "es",
                             "answers": {}, "points": 13, "max_points": 13, "percent": 100.0,
                             "passed": True})  # fmt: skip
            done.append({"user_id": user_id, "module_slug": module.slug})
    db.session.execute(insert(LessonProgress), progress)
    if attempts:
        db.session.execute(insert(QuizAttempt), attempts)
        db.session.execute(insert(ModuleCompletion), done)
    db.session.commit()


def queries_for(client, url, count_queries) -> int:
    statements = count_queries()
    response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_grid_query_count_does_not_grow_with_the_cohort(
    facilitator_client, cohort, module1, count_queries
):
    add_learners(cohort, 60, module1)
    small = queries_for(facilitator_client, f"/cohorts/{cohort.id}/progress", count_queries)
    add_learners(cohort, 600, module1)
    large = queries_for(facilitator_client, f"/cohorts/{cohort.id}/progress", count_queries)
    assert small == large
    assert large <= 14
    filtered = queries_for(
        facilitator_client,
        f"/cohorts/{cohort.id}/progress?filter=not_started&sort=activity",
        count_queries,
    )
    assert filtered == large


def test_the_grid_pages_through_large_cohorts(facilitator_client, facilitator, make_cohort,
                                              module1):  # fmt: skip
    cohort = make_cohort(facilitator, slugs=("sse-game-changer",))
    add_learners(cohort, 120, module1)
    page = facilitator_client.get(f"/cohorts/{cohort.id}/progress?page=3").data.decode()
    assert "Page 3 of 3" in page
    assert "120 of 120 learners" in page
    completed = facilitator_client.get(f"/cohorts/{cohort.id}/progress?filter=completed")
    assert "40 of 120 learners" in completed.data.decode()


def test_the_run_sheet_query_count_does_not_grow(facilitator_client, cohort, module1,
                                                 count_queries):  # fmt: skip
    add_learners(cohort, 30, module1)
    small = queries_for(facilitator_client, f"/cohorts/{cohort.id}/run-sheet", count_queries)
    add_learners(cohort, 300, module1)
    large = queries_for(facilitator_client, f"/cohorts/{cohort.id}/run-sheet", count_queries)
    assert small == large
