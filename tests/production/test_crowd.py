"""The quiz crowd of a live session: 200 learners submit at once through nginx, with 50 of the
forms sent a second time, to two app processes of two workers each on PostgreSQL. Exactly one
graded attempt per learner, each score right, no server error; and with one worker killed
(SIGKILL) in the middle of the burst, every submission answered with success is recorded, and
sending again what failed records it once."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import QuizAttempt
from lms.quiz.grading import grade
from tests.conftest import log_in, make_config
from tests.production.stack import (
    Browser,
    app_environment,
    csrf_token,
    hidden_field,
    needs_the_production_stores,
    start_stack,
)

pytestmark = needs_the_production_stores()
CROWD, REPOSTS = 200, 50


@pytest.fixture
def app_config(database_url):
    # This process only signs the crowd in: 200 log-ins from one address in a minute.
    return make_config(database_url, RATELIMIT_ENABLED=False)


@pytest.fixture(scope="module")
def stack(database_url, tmp_path_factory):
    environment = app_environment(database_url, RATELIMIT_KEY_PREFIX=f"crowd-{time.time_ns()}")
    running = start_stack(tmp_path_factory.mktemp("crowd"), environment, backends=2, workers=2)
    yield running
    running.stop()


def answers_of(module, index: int) -> dict[str, list[str]]:
    """The answers of the crowd's learner `index`: the first index % (n + 1) questions right."""
    right = index % (len(module.quiz_key.questions) + 1)
    answers = {}
    for number, question in enumerate(module.quiz_key.questions):
        if number < right:
            answers[question.id] = sorted(question.correct)
        else:
            answers[question.id] = [next(o for o in question.options if o not in question.correct)]
    return answers


@pytest.fixture
def crowd(app, stack, make_user, module1):
    """(learner id, browser, quiz form, expected points) of each learner of the crowd, signed in
    (in this process: a signed cookie is good in every process) with the quiz open before them."""
    members = []
    signer = app.test_client()
    for index in range(CROWD):
        learner = make_user(email=f"crowd{index}-{time.time_ns()}@example.org")
        for lesson_id in module1.lesson_ids:
            learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
        db.session.commit()
        signer.delete_cookie("session")
        assert log_in(signer, learner.email).status_code == 302
        browser = Browser(stack.proxy_port, {"session": signer.get_cookie("session").value})
        quiz = browser.get(f"/modules/{module1.slug}/quiz")
        assert quiz.status == 200, quiz.status
        answers = answers_of(module1, index)
        form = [("csrf_token", csrf_token(quiz.text)), ("token", hidden_field(quiz.text, "token"))]
        form += [(f"q-{question}", option) for question, options in answers.items()
                 for option in options]  # fmt: skip
        members.append((learner.id, browser, form, grade(module1.quiz_key, answers).points))
    return members


def burst(module, sends, during=None) -> list[int]:
    """Send every (browser, form) at once; `during(answered)` runs beside them. The statuses."""
    start = threading.Barrier(len(sends) + 1)
    answered = []

    def send(browser, form) -> int:
        start.wait()
        try:
            status = browser.post(f"/modules/{module.slug}/quiz", form).status
        except OSError:
            status = 0  # no answer at all
        answered.append(status)
        return status

    with ThreadPoolExecutor(max_workers=len(sends) + 1) as pool:
        futures = [pool.submit(send, browser, form) for browser, form in sends]
        watcher = pool.submit(during, answered) if during else None
        start.wait()
        statuses = [future.result() for future in futures]
        if watcher:
            watcher.result()
    return statuses


def attempts_by_learner(module) -> dict[int, list[QuizAttempt]]:
    db.session.expire_all()
    found: dict[int, list[QuizAttempt]] = {}
    for attempt in db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.module_slug == module.slug)
    ):
        found.setdefault(attempt.user_id, []).append(attempt)
    return found


def test_two_hundred_at_once_and_fifty_sent_twice(stack, crowd, module1):
    sends = [(browser, form) for _id, browser, form, _points in crowd]
    sends += sends[:REPOSTS]
    statuses = burst(module1, sends)
    assert [status for status in statuses if status >= 500 or status == 0] == []
    assert set(statuses) == {302}
    recorded = attempts_by_learner(module1)
    assert sum(len(attempts) for attempts in recorded.values()) == CROWD
    for learner_id, _browser, _form, points in crowd:
        [attempt] = recorded[learner_id]
        assert attempt.points == points


def test_a_worker_killed_mid_burst_loses_no_answered_submission(stack, crowd, module1):
    sends = [(browser, form) for _id, browser, form, _points in crowd]
    sends += sends[:REPOSTS]
    victim = stack.backends[0].workers()[0]
    killed_after = []

    def kill_one_worker(answered) -> None:
        while len(answered) < 40:
            time.sleep(0.005)
        os.kill(victim, signal.SIGKILL)
        killed_after.append(len(answered))

    statuses = burst(module1, sends, during=kill_one_worker)
    assert killed_after[0] < len(sends) / 2  # in the middle of the burst
    print("answers with one worker killed:", Counter(statuses))
    assert not any(500 <= status < 502 or status > 503 for status in statuses)
    recorded = attempts_by_learner(module1)
    for (learner_id, _browser, _form, points), status in zip(crowd, statuses, strict=False):
        if status == 302:
            [attempt] = recorded[learner_id]
            assert attempt.points == points
    # Whoever got no answer sends the same form again: recorded once, never twice.
    for learner_id, browser, form, _points in crowd:
        if learner_id not in recorded:
            assert browser.post(f"/modules/{module1.slug}/quiz", form).status == 302
    recorded = attempts_by_learner(module1)
    assert sorted(len(attempts) for attempts in recorded.values()) == [1] * CROWD
    assert victim not in stack.backends[0].workers()  # gunicorn replaced it
