"""A page asked for again by the same signed-in browser is answered from memory, after one query,
while nothing it shows has changed; any change to the person's records, account or cohorts, a
logout, or time makes the application answer again."""

from __future__ import annotations

import gzip
import re

import pytest
from sqlalchemy import update

from lms.cohorts import service as cohort_service
from lms.core import replay
from lms.extensions import db
from lms.models import CohortModule, User
from lms.privacy.accounts import deactivate
from tests.conftest import complete_lessons

LESSON = "/modules/sse-game-changer/lessons/values-and-principles"
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture
def made(app):
    """Counts the requests that reached the application (its hooks ran)."""
    calls: list[str] = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: calls.append("made"))
    return calls


def page(response) -> str:
    assert response.headers["Content-Encoding"] == "gzip"
    return gzip.decompress(response.data).decode()


@pytest.mark.parametrize("url", [LESSON, "/modules/sse-game-changer", "/"])
def test_the_same_page_again_is_answered_from_memory_exactly(learner_client, made, url):
    first = learner_client.get(url, headers=GZIP)
    again = learner_client.get(url, headers=GZIP)
    assert len(made) == 1
    assert again.status_code == 200 and page(again) == page(first)
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["Cache-Control"] == "private, no-cache"
    assert int(again.headers["Content-Length"]) == len(again.data)


def test_a_browser_that_has_the_page_gets_not_modified_from_memory(learner_client, made):
    etag = learner_client.get(LESSON, headers=GZIP).headers["ETag"]
    learner_client.get(LESSON, headers=GZIP)
    again = learner_client.get(LESSON, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and len(made) == 1


def test_a_lesson_marked_complete_is_shown_so_at_once(learner_client, made, module1):
    before = page(learner_client.get(LESSON, headers=GZIP))
    learner_client.post(f"{LESSON}/complete")
    after = page(learner_client.get(LESSON, headers=GZIP))
    assert after != before and len(made) == 3


def test_the_quiz_page_gets_a_new_one_time_token_each_time_which_works(
    learner_client, made, module1
):
    complete_lessons(learner_client, module1)
    url = f"/modules/{module1.slug}/quiz"
    pages = [page(learner_client.get(url, headers=GZIP)) for _ in range(3)]
    tokens = [re.search(r'name="token" type="hidden" value="([^"]+)"', text)[1] for text in pages]
    assert len(set(tokens)) == 3
    assert pages[2].replace(tokens[2], "") == pages[1].replace(tokens[1], "")
    reached = len(made)
    answers = dict(re.findall(r'<input [^>]*name="(q-[^"]+)"[^>]*value="([^"]+)"', pages[2]))
    sent = learner_client.post(url, data={**answers, "token": tokens[2]})
    assert sent.status_code == 302 and "/quiz/attempts/1" in sent.headers["Location"]
    assert len(made) == reached + 1


def test_a_copy_of_the_cookie_no_longer_works_after_logout(client, learner_client, made):
    cookie = client.get_cookie("session").value
    learner_client.get(LESSON, headers=GZIP)
    learner_client.post("/logout")
    client.set_cookie("session", cookie)
    again = client.get(LESSON, headers=GZIP)
    assert again.status_code == 302 and "/login" in again.headers["Location"]


def test_a_deactivated_account_is_not_answered(learner_client, learner, made):
    learner_client.get(LESSON, headers=GZIP)
    deactivate(db.session.get(User, learner.id))
    db.session.commit()
    assert learner_client.get(LESSON, headers=GZIP).status_code == 302


def test_a_change_of_account_language_is_shown_at_once(learner_client, learner, made):
    learner_client.get(LESSON, headers=GZIP)
    db.session.execute(update(User).where(User.id == learner.id).values(locale="fr"))
    db.session.commit()
    assert 'lang="fr"' in page(learner_client.get(LESSON, headers=GZIP))


def test_another_browser_or_language_never_gets_the_page(
    app, learner_client, made_other_client, made
):
    learner_client.get(LESSON, headers=GZIP)
    made_other_client.get(LESSON, headers=GZIP)
    learner_client.get(LESSON, headers={**GZIP, "Accept-Language": "es"})
    assert len(made) == 3


@pytest.fixture
def made_other_client(app, make_user):
    other = app.test_client()
    make_user(email="other@example.org")
    assert (
        other.post(
            "/login", data={"email": "other@example.org", "password": "correct horse battery"}
        ).status_code
        == 302
    )
    return other


def test_a_page_is_answered_again_for_a_limited_time(learner_client, made, monkeypatch, app):
    learner_client.get(LESSON, headers=GZIP)
    later = replay._now() + app.config["REPLAY_SECONDS"] + 1
    monkeypatch.setattr(replay, "_now", lambda: later)
    learner_client.get(LESSON, headers=GZIP)
    assert len(made) == 2


def test_a_page_with_a_message_is_not_kept(learner_client, made, module1):
    learner_client.get(f"/modules/{module1.slug}/quiz", headers=GZIP)  # lessons first: a message
    learner_client.get(f"/modules/{module1.slug}", headers=GZIP)  # shows it
    learner_client.get(f"/modules/{module1.slug}", headers=GZIP)
    assert len(made) == 3


def test_a_change_to_a_cohort_reaches_every_member(learner_client, learner, make_cohort, made):
    cohort = make_cohort()
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    learner_client.get("/", headers=GZIP)
    learner_client.get("/", headers=GZIP)
    assert len(made) == 1
    db.session.execute(
        update(CohortModule).where(CohortModule.cohort_id == cohort.id).values(opens_on=None)
    )
    db.session.commit()
    learner_client.get("/", headers=GZIP)
    assert len(made) == 2


def test_a_head_request_gets_the_headers_alone(learner_client, made):
    learner_client.get(LESSON, headers=GZIP)
    head = learner_client.head(LESSON, headers=GZIP)
    assert head.status_code == 200 and head.data == b"" and len(made) == 1
    assert int(head.headers["Content-Length"]) > 0


def test_a_page_out_of_date_is_forgotten(client, learner_client, app, made):
    cookie = client.get_cookie("session").value
    learner_client.get(LESSON, headers=GZIP)
    learner_client.post("/logout")
    assert len(app.extensions["lms.replay"]._entries) == 1
    client.set_cookie("session", cookie)
    client.get(LESSON, headers=GZIP)  # that session has ended: a redirect, nothing kept
    assert len(app.extensions["lms.replay"]._entries) == 0
