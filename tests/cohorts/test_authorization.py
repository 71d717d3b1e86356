"""Every object fetched by id is checked against the current user: a walk over every cohort and
admin route, as someone who does not own the object, expects 403 or 404 and no change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lms.cohorts import service
from lms.extensions import db
from lms.models import Announcement, Attendance, Enrolment, LiveSession
from tests.conftest import log_in

DENIED = (403, 404)


def object_routes(app) -> list[tuple[str, str]]:
    """(rule, method) for every route of these blueprints that takes an object id."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("cohorts", "admin", "reports", "certificates"):
            continue
        if not rule.arguments & {"cohort_id", "user_id", "session_id"}:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method))
    return routes


@pytest.fixture
def world(make_cohort, make_user):
    """Two cohorts, each with its facilitator, a learner and a live session."""
    owner, stranger = make_user(role="facilitator"), make_user(role="facilitator")
    theirs, mine = make_cohort(owner, name="Theirs"), make_cohort(stranger, name="Mine")
    insider, outsider = make_user(), make_user()
    service.enrol(theirs.id, insider.id)
    service.enrol(mine.id, outsider.id)
    sessions = {}
    for cohort in (theirs, mine):
        live = LiveSession(cohort_id=cohort.id, title="Live", duration_minutes=60,
                           starts_at=datetime(2030, 1, 1, 15, tzinfo=UTC))  # fmt: skip
        db.session.add(live)
        db.session.flush()
        sessions[cohort.id] = live.id
    db.session.commit()
    return {"theirs": theirs.id, "mine": mine.id, "insider": insider, "outsider": outsider,
            "stranger": stranger, "sessions": sessions}  # fmt: skip


def fill(rule: str, cohort_id: int, user_id: int, session_id: int) -> str:
    return (
        rule.replace("<int:cohort_id>", str(cohort_id))
        .replace("<int:user_id>", str(user_id))
        .replace("<int:session_id>", str(session_id))
    )


def changes(snapshot_before: tuple) -> bool:
    return snapshot() != snapshot_before


def snapshot() -> tuple:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Enrolment, Attendance, Announcement, LiveSession)
    )


def test_the_walk_covers_every_object_route(app):
    assert len(object_routes(app)) >= 20


def test_a_facilitator_of_another_cohort_gets_nothing(app, client, world):
    log_in(client, world["stranger"].email)
    before = snapshot()
    theirs = world["theirs"]
    for rule, method in object_routes(app):
        url = fill(rule, theirs, world["insider"].id, world["sessions"][theirs])
        response = client.open(url, method=method, data={"body": "x", "action": "open"})
        assert response.status_code in DENIED, (method, url, response.status_code)
    assert not changes(before)


def test_objects_of_another_cohort_cannot_be_reached_through_ones_own(app, client, world):
    log_in(client, world["stranger"].email)
    mine, theirs = world["mine"], world["theirs"]
    for rule, method in object_routes(app):
        if "<int:user_id>" not in rule and "<int:session_id>" not in rule:
            continue
        url = fill(rule, mine, world["insider"].id, world["sessions"][theirs])
        response = client.open(url, method=method, data={"present": [world["insider"].id]})
        assert response.status_code in DENIED, (method, url, response.status_code)


def test_a_learner_gets_nothing_of_a_cohort_they_are_not_in(app, client, world):
    log_in(client, world["outsider"].email)
    before = snapshot()
    theirs = world["theirs"]
    for rule, method in object_routes(app):
        url = fill(rule, theirs, world["insider"].id, world["sessions"][theirs])
        response = client.open(url, method=method, data={"body": "x"})
        assert response.status_code in DENIED, (method, url, response.status_code)
    assert not changes(before)


def test_a_learner_sees_their_own_cohort_but_no_facilitator_page(app, client, world):
    log_in(client, world["insider"].email)
    theirs = world["theirs"]
    assert client.get(f"/my/cohorts/{theirs}").status_code == 200
    assert client.get(f"/my/cohorts/{theirs}/calendar.ics").status_code == 200
    assert client.get(f"/cohorts/{theirs}").status_code == 403
    assert client.get(f"/cohorts/{theirs}/progress").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(app, client, world):
    for rule, method in object_routes(app):
        url = fill(rule, world["theirs"], world["insider"].id, world["sessions"][world["theirs"]])
        response = client.open(url, method=method)
        assert response.status_code in (302, 400), (method, url)


def test_only_admins_manage_facilitators(client, make_user, world):
    log_in(client, world["stranger"].email)
    assert client.get("/admin/facilitators").status_code == 403
    admin = make_user(role="admin")
    client.post("/logout")
    log_in(client, admin.email)
    assert client.get("/admin/facilitators").status_code == 200
    assert client.get(f"/cohorts/{world['theirs']}").status_code == 200
