"""CSRF protection is on by default: a form posted without its token changes nothing."""

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from lms.core.form_tokens import form_token
from lms.extensions import db
from lms.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def app_config(database_url):
    from tests.conftest import make_config

    return make_config(database_url, WTF_CSRF_ENABLED=True)


def test_a_form_without_its_token_is_refused_with_a_clear_page(client):
    data = {"name": "A", "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD}
    response = client.post("/signup", data=data)
    assert response.status_code == 400
    assert b"nothing was saved" in response.data
    assert db.session.scalar(select(User)) is None


def test_every_form_carries_a_token(client):
    for page in ("/signup", "/login", "/"):
        assert b'name="csrf_token"' in client.get(page).data


def form_tokens(page: bytes) -> set[str]:
    return set(re.findall(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page.decode()))


def signed_in(app, email: str):
    client = app.test_client()
    page = client.get("/login").data
    (token,) = form_tokens(page)
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


LESSON = "/modules/sse-game-changer/lessons/values-and-principles"


def test_a_sessions_pages_carry_one_token_that_its_forms_accept(app, make_user, monkeypatch):
    """Signed once per session and process (lms.core.form_tokens), not on every page: the
    account page, which builds its form before anything else asks for a token, carries the same
    one seconds later."""
    learner = make_user(email="learner@example.org")
    client = signed_in(app, learner.email)
    tokens = form_tokens(client.get(LESSON).data)
    later = int(time.time()) + 5  # a token signed anew now would differ
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: later)
    tokens |= form_tokens(client.get("/account").data)
    (token,) = tokens
    done = client.post(f"{LESSON}/complete", data={"csrf_token": token})
    assert done.status_code == 302
    assert client.post("/account", data={"csrf_token": "", "name": "B"}).status_code == 400


def test_templates_take_the_kept_token_rather_than_flask_wtfs(app):
    """Flask-WTF gives templates a `csrf_token` that signs anew on each call; the one put in its
    place after it (lms.core.form_tokens.init_app) is the one pages call."""
    assert app.jinja_env.globals["csrf_token"] is form_token


def test_each_session_has_a_token_of_its_own(app, make_user):
    learner = make_user(email="learner@example.org")
    other = make_user(email="other@example.org")
    first, second = signed_in(app, learner.email), signed_in(app, other.email)
    (mine,) = form_tokens(first.get(LESSON).data)
    (theirs,) = form_tokens(second.get(LESSON).data)
    assert mine != theirs
    assert first.post(f"{LESSON}/complete", data={"csrf_token": theirs}).status_code == 400
    again = signed_in(app, learner.email)  # a new session, a new token
    assert form_tokens(again.get(LESSON).data) != {mine}
