"""Sign up, log in, log out: safe defaults."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.auth import service
from lms.extensions import db
from lms.models import User
from tests.conftest import PASSWORD, log_in


def signup(client, email="new@example.org", password=PASSWORD, confirm=None, **extra):
    data = {"name": "Nuevo Aprendiz", "email": email, "password": password}
    data["confirm"] = confirm if confirm is not None else password
    return client.post("/signup", data=data | extra)


def test_signup_creates_an_account_and_logs_in(client):
    response = signup(client, email="Nuevo@Example.org")
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "nuevo@example.org"
    assert user.role == "learner"
    assert client.get("/progress").status_code == 200


def test_passwords_are_hashed_with_argon2id(client):
    signup(client)
    user = db.session.scalar(select(User))
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_signup_stores_the_interface_language(client):
    client.post(
        "/signup",
        data={"name": "A", "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD},
        headers={"Accept-Language": "es-CO,es;q=0.9"},
    )
    assert db.session.scalar(select(User)).locale == "es"


def test_email_is_unique_regardless_of_case(client, make_user):
    make_user(email="taken@example.org")
    response = signup(client, email="TAKEN@example.org")
    assert response.status_code == 200
    assert b"already exists" in response.data
    assert db.session.scalar(select(db.func.count(User.id))) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, b"Please enter a valid email address"),
        (
            {"password": "short", "confirm": "short"},
            b"Please use at least 10 characters.",
        ),
        ({"confirm": "something else entirely"}, b"The passwords differ."),
    ],
)
def test_signup_errors_are_shown_and_nothing_is_written(client, fields, message):
    data = {"name": "A", "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD}
    response = client.post("/signup", data=data | fields)
    assert response.status_code == 200
    assert message in response.data
    assert b'value="A"' in response.data  # what was typed is kept
    assert db.session.scalar(select(db.func.count(User.id))) == 0


def test_login_with_any_case_of_the_email(client, learner):
    response = log_in(client, "LEARNER@example.org")
    assert response.status_code == 302
    assert client.get("/progress").status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_message(client, learner):
    unknown = log_in(client, "nobody@example.org")
    wrong = log_in(client, learner.email, "wrong password!")
    assert unknown.status_code == wrong.status_code == 200
    assert b"The email or the password is not right." in unknown.data
    assert b"The email or the password is not right." in wrong.data
    assert client.get("/progress").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/progress", "/progress"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_followed_only_within_the_site(client, learner, target, expected):
    response = client.post(
        "/login", data={"email": learner.email, "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == expected


def test_protected_pages_send_to_login_with_next(client):
    response = client.get("/progress")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_is_a_post(learner_client):
    assert learner_client.get("/logout").status_code == 405
    assert learner_client.post("/logout").status_code == 302
    assert learner_client.get("/progress").status_code == 302


def test_authenticate_rehashes_outdated_hashes(app, learner):
    app.config["ARGON2_TIME_COST"] = 2
    email = learner.email
    db.session.commit()  # a request's first step: no transaction open yet
    verified = service.authenticate(email, PASSWORD)
    db.session.commit()
    assert verified is not None and verified.user_id == learner.id
    db.session.refresh(learner)
    assert "t=2" in learner.password_hash
