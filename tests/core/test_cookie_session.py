"""The session cookie, verified once per process and cookie (lms.core.cookie_session): the
same cookie again gives each request a session of its own, and one that was changed or has
outlived the session's lifetime is refused as Flask would refuse it."""

from __future__ import annotations

import string
import time

from tests.conftest import log_in, session_cookie

BASE64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


def flipped(character: str) -> str:
    """Another character in its place, that changes what it stands for: the highest of a base64
    character's six bits (the last character of a signature has unused low bits, so a change
    there alone may decode to the same bytes, for Flask as for us)."""
    if character in BASE64:
        return BASE64[BASE64.index(character) ^ 32]
    return "A"


def opened(app, cookie: str):
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}) as context:
        return app.session_interface.open_session(app, context.request)


def test_the_same_cookie_again_gives_a_session_of_its_own(app, learner_client):
    cookie = session_cookie(learner_client)
    first, again = opened(app, cookie), opened(app, cookie)
    assert first == again and first["_user_id"]
    first["_flashes"] = [("info", "only for this request")]
    first["csrf_token"] = "changed"
    assert "_flashes" not in opened(app, cookie) and opened(app, cookie) == again
    assert learner_client.get("/account").status_code == 200


def test_a_session_holding_a_list_changed_in_place_leaves_the_next_request_alone(app, client):
    """Flashed messages are a list in the session, which Flask's flash appends to in place."""
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "saved")]
    cookie = session_cookie(client)
    opened(app, cookie)["_flashes"].append(("info", "only for this request"))
    assert opened(app, cookie)["_flashes"] == [("info", "saved")]
    assert opened(app, cookie)["_flashes"] == [("info", "saved")]


def test_a_cookie_changed_by_one_byte_is_refused_after_the_real_one_was_read(app, learner_client):
    cookie = session_cookie(learner_client)
    assert learner_client.get("/account").status_code == 200  # verified, and kept
    for position in (0, 1, len(cookie) // 2, len(cookie) - 2, len(cookie) - 1):
        changed = cookie[:position] + flipped(cookie[position]) + cookie[position + 1 :]
        assert opened(app, changed) == {}
        thief = app.test_client()
        thief.set_cookie("session", changed)
        assert thief.get("/account").status_code == 302  # to the login page


def test_a_kept_cookie_older_than_the_sessions_lifetime_is_refused(
    app, learner_client, monkeypatch
):
    cookie = session_cookie(learner_client)
    assert opened(app, cookie)["_user_id"]  # kept
    lifetime = app.permanent_session_lifetime.total_seconds()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + lifetime + 5)
    assert opened(app, cookie) == {}
    assert learner_client.get("/account").status_code == 302


def test_a_new_secret_key_refuses_the_cookies_signed_with_the_old_one(app, learner, client):
    log_in(client, learner.email)
    cookie = session_cookie(client)
    assert opened(app, cookie)["_user_id"]
    app.secret_key = "another key altogether, after a leak"
    assert opened(app, cookie) == {}
