"""Writes a double click or a crowd can race, with real threads on the real database (SQLite and
PostgreSQL): one winner, nothing written twice, no 500."""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Enrolment, QuizAttempt, User
from lms.quiz import service as quiz_service
from tests.cohorts.test_import import upload
from tests.conftest import IsolatedClient, complete_lessons, log_in
from tests.quiz.helpers import answers, quiz_token


def crowd(clients: list[FlaskClient], request: Callable[[FlaskClient], object]) -> list:
    """Each client sends its request at the same moment, from its own thread."""
    db.session.commit()  # the test's own transaction must not hold a lock
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)

    def run(index: int, client: FlaskClient) -> None:
        barrier.wait()
        try:
            results[index] = request(client)
        except Exception:  # reported by the assertion of the test
            results[index] = traceback.format_exc()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def clients_of(app, email: str, count: int) -> list[FlaskClient]:
    app.test_client_class = IsolatedClient
    clients = [app.test_client() for _ in range(count)]
    for client in clients:
        assert log_in(client, email).status_code == 302
    return clients


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_two_confirms_of_one_import_at_once_import_it_once(app, facilitator, cohort):
    clients = clients_of(app, facilitator.email, 2)
    page = upload(clients[0], cohort, "email\nuno@example.org\ndos@example.org\n").data.decode()
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
    url = f"/cohorts/{cohort.id}/import/confirm"  # read before the threads start
    answers_ = crowd(
        clients, lambda client: client.post(url, data={"payload": payload}).status_code
    )
    assert sorted(answers_) == [200, 302]
    assert count(User, User.email.in_(["uno@example.org", "dos@example.org"])) == 2
    assert count(Enrolment, Enrolment.cohort_id == cohort.id) == 2


def test_two_adds_of_one_new_email_at_once_make_one_account(app, facilitator, cohort):
    clients = clients_of(app, facilitator.email, 4)
    url = f"/cohorts/{cohort.id}/learners"  # read before the threads start
    statuses = crowd(
        clients, lambda client: client.post(url, data={"email": "nueva@example.org"}).status_code
    )
    assert all(status in (200, 302) for status in statuses), statuses
    assert count(User, User.email == "nueva@example.org") == 1
    assert count(Enrolment, Enrolment.cohort_id == cohort.id) == 1


def test_a_crowd_joining_at_once_never_passes_the_cap(app, make_cohort, make_user, facilitator):
    cohort = make_cohort(facilitator, places=5, enrolment_code="JOINME55")
    people = [make_user(email=f"crowd{n}@example.org") for n in range(20)]
    app.test_client_class = IsolatedClient
    clients = []
    for person in people:
        client = app.test_client()
        log_in(client, person.email)
        clients.append(client)
    statuses = crowd(
        clients, lambda client: client.post("/join", data={"code": "JOINME55"}).status_code
    )
    assert all(status in (200, 302) for status in statuses), statuses
    assert statuses.count(302) == 5
    assert count(Enrolment, Enrolment.cohort_id == cohort.id) == 5


def test_a_quiz_token_used_by_another_learner_is_refused(app, learner_client, module1, make_user):
    other = make_user(email="other@example.org")
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    other_client = app.test_client()
    log_in(other_client, other.email)
    complete_lessons(other_client, module1)
    data = {"token": token, **answers(module1, 3)}
    first = learner_client.post(f"/modules/{module1.slug}/quiz", data=data)
    assert first.status_code == 302
    stolen = other_client.post(f"/modules/{module1.slug}/quiz", data=data)
    assert stolen.status_code == 400
    assert count(QuizAttempt, QuizAttempt.user_id == other.id) == 0
    assert quiz_service.TOKEN_PATTERN.match(token)
