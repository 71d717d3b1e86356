"""Racing requests resolve to one row, never an error: real threads against the real database."""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import func, select

from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import LessonProgress, QuizAttempt
from lms.quiz import service


def race(app, work, count: int = 4) -> list:
    """Run `work()` in `count` threads, each in its own app context, as concurrent requests."""
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    barrier = threading.Barrier(count)
    results: list = []
    errors: list = []

    def run() -> None:
        with app.app_context():
            barrier.wait()
            try:
                results.append(work())
                db.session.commit()
            except Exception as error:  # collected and asserted below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_the_same_form_submitted_concurrently_records_one_attempt(app, learner, module1):
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    db.session.commit()
    token = service.new_token()
    user_id = learner.id

    numbers = race(app, lambda: service.submit_attempt(user_id, module1, {}, token, "en").number)

    assert numbers == [1, 1, 1, 1]
    count = db.session.scalar(select(func.count(QuizAttempt.id)))
    assert count == 1


def test_different_forms_submitted_concurrently_get_distinct_numbers(app, learner, module1):
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    db.session.commit()
    user_id = learner.id

    numbers = race(
        app,
        lambda: service.submit_attempt(user_id, module1, {}, service.new_token(), "en").number,
        count=3,
    )

    assert sorted(numbers) == [1, 2, 3]


def test_a_stream_of_attempts_from_several_places_at_once_is_numbered_without_gaps(
    app, learner, module1
):
    """Each request waits for the one before it to be recorded, however fast they come (one
    that lost the race for a number again and again once failed)."""
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    db.session.commit()
    user_id = learner.id
    endless = replace(module1, max_attempts=1000)

    def submit_ten() -> list[int]:
        numbers = []
        for _ in range(10):
            token = service.new_token()
            numbers.append(service.submit_attempt(user_id, endless, {}, token, "en").number)
            db.session.commit()
        return numbers

    numbers = race(app, submit_ten)

    assert sorted(number for stream in numbers for number in stream) == list(range(1, 41))


def test_a_lesson_completed_concurrently_is_recorded_once(app, learner, module1):
    user_id, first = learner.id, module1.lesson_ids[0]

    inserted = race(app, lambda: learn_service.mark_lesson_complete(user_id, module1, first))

    assert sorted(inserted) == [False, False, False, True]
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1
