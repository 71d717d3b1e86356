"""The interface language: the account's choice, then a cookie, then the browser, then English."""

from sqlalchemy import select

from lms.extensions import db
from lms.models import User


def test_the_browser_language_is_used_by_default(client):
    page = client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.5"}).data
    assert b'<html lang="es" dir="ltr">' in page


def test_english_when_the_browser_asks_for_nothing_we_have(client):
    page = client.get("/", headers={"Accept-Language": "de"}).data
    assert b'<html lang="en" dir="ltr">' in page


def test_the_switcher_sets_a_cookie_before_login(client):
    response = client.post(
        "/language", data={"language": "es", "next": "/modules/sse-game-changer"}
    )
    assert response.headers["Location"] == "/modules/sse-game-changer"
    assert b'<html lang="es"' in client.get("/", headers={"Accept-Language": "en"}).data


def test_the_switcher_stores_the_choice_on_the_account(learner_client, learner):
    learner_client.post("/language", data={"language": "es", "next": "/"})
    assert db.session.scalar(select(User.locale).where(User.id == learner.id)) == "es"


def test_the_switcher_ignores_unknown_languages_and_foreign_next(client):
    response = client.post("/language", data={"language": "xx", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    assert b'<html lang="en"' in client.get("/").data


def test_the_switcher_works_without_javascript(client):
    page = client.get("/").data.decode()
    assert '<form method="post" action="/language">' in page
    assert 'name="language" value="es"' in page
