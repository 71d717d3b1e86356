"""Two app processes behind nginx, sharing PostgreSQL and Redis: any process serves any request.
A learner logs in through the proxy, reads lessons and takes a quiz while the requests alternate
between the two backends, logs out, and the old cookie is then refused by both; a log-in limit
tripped on one backend holds on the other."""

from __future__ import annotations

import itertools
import re
import time

import pytest

from lms.cohorts import service as cohort_service
from lms.extensions import db
from tests.conftest import PASSWORD
from tests.production.stack import (
    Browser,
    app_environment,
    csrf_token,
    hidden_field,
    needs_the_production_stores,
    start_stack,
)

pytestmark = needs_the_production_stores()


@pytest.fixture(scope="module")
def stack(database_url, tmp_path_factory):
    environment = app_environment(database_url, RATELIMIT_KEY_PREFIX=f"proxy-{time.time_ns()}")
    running = start_stack(tmp_path_factory.mktemp("stack"), environment, backends=2, workers=1)
    yield running
    running.stop()


def log_in(browser: Browser, email: str, password: str = PASSWORD):
    token = csrf_token(browser.get("/login").text)
    return browser.post("/login", {"csrf_token": token, "email": email, "password": password})


def test_a_learner_s_whole_visit_alternates_between_the_backends(
    stack, make_user, make_cohort, module1
):
    learner = make_user(email=f"visit-{time.time_ns()}@example.org")
    cohort = make_cohort(slugs=(module1.slug,))
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    browser = Browser(stack.proxy_port)
    used_before = len(stack.upstreams_used())

    assert log_in(browser, learner.email).status == 302
    module_page = browser.get(f"/modules/{module1.slug}")
    assert module_page.status == 200
    for lesson_id in module1.lesson_ids:
        lesson = browser.get(f"/modules/{module1.slug}/lessons/{lesson_id}")
        assert lesson.status == 200
        done = browser.post(
            f"/modules/{module1.slug}/lessons/{lesson_id}/complete",
            {"csrf_token": csrf_token(lesson.text)},
        )
        assert done.status == 302, lesson_id
    quiz = browser.get(f"/modules/{module1.slug}/quiz")
    assert quiz.status == 200
    form = [("csrf_token", csrf_token(quiz.text))]
    form.append(("token", hidden_field(quiz.text, "token")))
    for question in module1.quiz_key.questions:
        form += [(f"q-{question.id}", option) for option in sorted(question.correct)]
    result = browser.post(f"/modules/{module1.slug}/quiz", form)
    assert result.status == 302
    assert "100%" in browser.get(result.location.removeprefix("http://127.0.0.1")).text

    used = stack.upstreams_used()[used_before:]
    backends = {f"127.0.0.1:{backend.port}" for backend in stack.backends}
    assert set(used) == backends
    switches = sum(1 for before, after in itertools.pairwise(used) if before != after)
    assert switches >= len(used) // 2  # round robin: most consecutive requests change backend

    old_cookies = dict(browser.cookies)
    home = browser.get("/progress")
    assert browser.post("/logout", {"csrf_token": csrf_token(home.text)}).status == 302
    for backend in stack.backends:
        replay = Browser(backend.port, old_cookies).get("/progress")
        assert replay.status == 302
        assert "/login" in replay.location


def test_a_log_in_limit_tripped_on_one_backend_holds_on_the_other(stack, make_user):
    learner = make_user(email=f"limit-{time.time_ns()}@example.org")
    db.session.commit()
    first, second = (Browser(backend.port) for backend in stack.backends)
    for _ in range(10):  # RATELIMIT_LOGIN_ACCOUNT: 10 failed attempts per 15 minutes
        assert log_in(first, learner.email, "a wrong password").status == 200
    refused = log_in(second, learner.email)
    assert refused.status == 429
    assert "retry-after" in refused.headers


def test_the_proxy_serves_the_static_files_for_a_year(stack):
    page = Browser(stack.proxy_port).get("/login").text
    style = re.search(r'href="(/static/style\.[0-9a-f]+\.css)"', page)[1]
    answer = Browser(stack.proxy_port).get(style)
    assert answer.status == 200
    assert "immutable" in answer.headers["cache-control"]
    assert stack.upstreams_used()[-1:] != []  # the page came from a backend...
    count = len(stack.upstreams_used())
    Browser(stack.proxy_port).get(style)
    assert len(stack.upstreams_used()) == count  # ...the style sheet did not
