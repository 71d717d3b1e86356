"""Hostile input at the door: control characters, ids past 64 bits, header injection through
addresses; caching rules for personal data; backups and the health check."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from lms.core.backup import backup, restore
from lms.extensions import db
from lms.models import Cohort, User
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("POST", "/signup", {"name": "A\x00B", "email": "a@example.org", "password": PASSWORD,
                             "confirm": PASSWORD}),
        ("GET", "/verify/%00", None),
        ("GET", "/modules/sse-game-changer?lang=%00", None),
        ("POST", "/login", {"email": "a\x00@example.org", "password": "x"}),
        # in a field's second value, a field's name, or a repeated address parameter
        ("POST", "/login", MultiDict([("email", "a@example.org"), ("email", "b\x00")])),
        ("POST", "/login", {"email\n": "a@example.org", "password": "x"}),
        ("GET", "/modules/sse-game-changer?lang=en&lang=%01", None),
        ("GET", "/modules/sse-game-changer?la%0Ang=en", None),
    ],
)  # fmt: skip
def test_control_characters_are_refused_with_a_clear_page(client, method, url, data):
    response = client.open(url, method=method, data=data)
    assert response.status_code == 400
    assert "characters that are not allowed" in response.data.decode()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_line_breaks_in_a_form_value_are_let_through(client):
    # a text area sends them; only names and one-line places refuse them
    response = client.post("/login", data={"email": "a@example.org", "password": "a\r\nb\tc"})
    assert response.status_code == 200
    assert "characters that are not allowed" not in response.data.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/my/cohorts/2147483648",
        "/my/cohorts/9223372036854775808",
        "/cohorts/99999999999999999999999/report",
        "/modules/sse-game-changer/quiz/attempts/9223372036854775808",
    ],
)
def test_ids_past_64_bits_are_not_found(learner_client, url):
    assert learner_client.get(url).status_code == 404


def test_a_return_address_with_a_line_break_goes_nowhere_else(client):
    response = client.get("/login?next=/%0d%0aLocation:%20https://evil.example")
    assert response.status_code == 400
    back = client.post("/language", data={"language": "es", "next": "/\r\nSet-Cookie: x=1"})
    assert back.status_code == 302 and back.headers["Location"] == "/"


def test_downloads_are_never_stored_and_personal_pages_are_private(
    facilitator_client, cohort, learner_client
):
    export = facilitator_client.get(f"/cohorts/{cohort.id}/report.csv")
    assert export.headers["Cache-Control"] == "private, no-store"
    workbook = facilitator_client.get(f"/cohorts/{cohort.id}/report.xlsx")
    assert workbook.headers["Cache-Control"] == "private, no-store"
    workbook.close()
    page = facilitator_client.get(f"/cohorts/{cohort.id}/learners")
    assert page.headers["Cache-Control"] == "private, no-cache"


def test_a_backup_is_consistent_and_restores(app, tmp_path, make_cohort, facilitator):
    kept = make_cohort(facilitator, name="Kept in the backup").name
    target = tmp_path / "backup.db"
    backup(target)
    make_cohort(facilitator, name="Made after the backup")
    restore(target)
    names = set(db.session.scalars(select(Cohort.name)))
    assert names == {kept}


def test_the_health_check_says_whether_writes_are_accepted(client, database_url):
    assert client.get("/healthz").get_json()["writes"] == "ok"
    if not database_url.startswith("sqlite"):
        return
    db.session.commit()
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a stuck writer: nobody else can write
    try:
        response = client.get("/healthz")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "writes": "refused"}
