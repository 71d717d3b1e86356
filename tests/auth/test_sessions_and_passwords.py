"""Sessions that end when they should, passwords that can be changed and reset, password rules,
rate limits, and passwords never hashed while the database's write lock is held."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from sqlalchemy import select

from lms.auth import service
from lms.cohorts import importing
from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.models import PasswordLink, User
from tests.conftest import PASSWORD, log_in, make_config, session_cookie

NEW_PASSWORD = "a quite different passphrase"
REDIS_URL = "redis://127.0.0.1:6379/0"  # started by .ci/run, as PostgreSQL is


def test_a_copy_of_the_cookie_no_longer_works_after_logout(app, learner_client):
    copied = session_cookie(learner_client)
    assert learner_client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert thief.post("/account", data={"name": "Renamed"}).status_code in (302, 400)
    assert db.session.scalar(select(User.name).where(User.email == "learner@example.org")) == (
        "Amina Diallo"
    )


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    app, learner_client, learner
):
    elsewhere = app.test_client()
    log_in(elsewhere, learner.email)
    wrong = learner_client.post(
        "/account/password",
        data={"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "This is not your current password." in wrong.data.decode()
    done = learner_client.post(
        "/account/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert learner_client.get("/account").status_code == 200  # this session stays
    assert elsewhere.get("/account").status_code == 302  # the other one ended
    assert log_in(app.test_client(), learner.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", "tried first"),
        ("password12", "tried first"),
        ("          ", "at least 10 characters"),
        ("qwertyuiop", "tried first"),
        ("aminadiallo1", "too close to your name"),
        ("short", "at least 10 characters"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(client, password, message):
    page = client.post(
        "/signup",
        data={"name": "Amina Diallo", "email": "amina@example.org", "password": password,
              "confirm": password},
    ).data.decode()  # fmt: skip
    assert message in page
    assert db.session.scalar(select(User).where(User.email == "amina@example.org")) is None


@pytest.fixture
def app_config(database_url, inbox):
    return make_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)


def test_a_forgotten_password_is_reset_with_a_single_use_link_by_mail(
    app,
    client,
    learner,
    inbox,
):
    elsewhere = app.test_client()
    log_in(elsewhere, learner.email)
    page = client.post("/forgot-password", data={"email": learner.email}, follow_redirects=True)
    assert "a link to choose a new password is on its way" in page.data.decode()
    [message] = inbox.messages
    link = re.search(r"http://\S+(/set-password/\S+)", message.get_content()).group(1)
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(link, data=form).status_code == 302
    assert client.post(link, data=form).status_code == 404  # single use
    assert elsewhere.get("/account").status_code == 302  # every other session ended
    assert log_in(app.test_client(), learner.email, NEW_PASSWORD).status_code == 302


def test_the_answer_is_the_same_for_an_unknown_email(client, inbox):
    page = client.post("/forgot-password", data={"email": "nobody@example.org"}).status_code
    assert page == 302 and inbox.messages == []


def test_a_facilitator_gives_a_learner_a_link_for_a_new_password(
    client, facilitator, cohort, learner
):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    log_in(client, facilitator.email)
    page = client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/password-link").data.decode()
    link = re.search(r"http://[^<\s]+/set-password/[^<\s]+", page).group(0)
    assert "It works once, for 24 hours." in page
    client.post("/logout")
    path = link.split("localhost", 1)[1]
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=form).status_code == 302


class TestRateLimits:
    @pytest.fixture
    def app_config(self, database_url):
        return make_config(database_url, RATELIMIT_ENABLED=True)

    def test_failed_log_ins_are_throttled_per_account_even_with_the_right_password(
        self, client, learner
    ):
        for _ in range(10):
            assert log_in(client, learner.email, "a wrong password").status_code == 200
        refused = log_in(client, learner.email)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "too many attempts" in refused.data.decode()

    def test_a_limited_door_says_what_is_left_and_other_pages_say_nothing(self, client, learner):
        remaining = [
            int(log_in(client, learner.email, "a wrong password").headers["X-RateLimit-Remaining"])
            for _ in range(3)
        ]
        assert remaining == sorted(remaining, reverse=True) and len(set(remaining)) == 3
        assert not [name for name, _value in client.get("/login").headers if "RateLimit" in name]

    def test_successful_log_ins_do_not_count_against_the_account(self, app, learner):
        for _ in range(12):
            client = app.test_client()
            assert log_in(client, learner.email).status_code == 302

    def test_join_codes_cannot_be_guessed_at_speed(self, learner_client):
        answers = [
            learner_client.post("/join", data={"code": f"GUESS{n:03d}"}).status_code
            for n in range(21)
        ]
        assert answers[:20] == [200] * 20 and answers[20] == 429


def test_no_password_is_hashed_while_a_transaction_is_open(app, learner):
    db.session.execute(select(User.id))  # a transaction is open now
    with pytest.raises(RuntimeError, match="hashing a password inside a database transaction"):
        service.hash_password("a long enough password")


def test_imported_and_invited_accounts_need_no_password_until_set(cohort):
    rows = "".join(f"new{n}@example.org,New,Person{n}\n" for n in range(30))
    plan = importing.plan_import("email,firstname,lastname\n" + rows, cohort.id)
    created = importing.apply_import(plan, cohort.id)
    db.session.commit()
    assert len(created) == 30
    hashes = db.session.scalars(select(User.password_hash).where(User.email.like("new%")))
    assert set(hashes) == {None}
    assert db.session.scalar(select(PasswordLink.id).limit(1)) is not None


def test_logging_in_takes_no_write_lock_on_sqlite(app, client, learner, database_url):
    """Another writer holds SQLite's write lock for as long as someone logs in: the login still
    succeeds (it used to wait for the lock, then fail with "database is locked")."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock")
    email = learner.email
    db.session.commit()
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = log_in(client, email)
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 302


def test_a_limit_tripped_in_one_process_holds_in_every_other(
    database_url, catalogue, learner, make_app
):
    """Two app processes sharing Redis (REDIS_URL) count log-in attempts together."""
    shared = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL,
              "RATELIMIT_KEY_PREFIX": f"test-{time.time_ns()}"}  # fmt: skip
    first = make_app(make_config(database_url, **shared), catalogue).test_client()
    second = make_app(make_config(database_url, **shared), catalogue).test_client()
    for _ in range(10):
        assert log_in(first, learner.email, "a wrong password").status_code == 200
    assert log_in(second, learner.email).status_code == 429
