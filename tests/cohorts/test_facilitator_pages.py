"""A facilitator runs a cohort: creates it, enrols people, schedules, takes attendance."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from lms.cohorts import service
from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import Attendance, Cohort, Enrolment, LiveSession, User
from lms.quiz import service as quiz_service
from lms.records.enrolment import is_enrolled


def cohort_form(**overrides) -> dict:
    data = {
        "name": "Curso a distancia, América Latina y el Caribe",
        "description": "Para organizaciones de trabajadores.",
        "target_group": "Representantes de organizaciones de trabajadores",
        "region": "América Latina y el Caribe",
        "language": "es",
        "starts_on": "2023-08-14",
        "ends_on": "2023-09-08",
        "timezone": "America/Bogota",
        "published": "y",
        "include_1": "y", "opens_1": "2023-08-14",
        "include_2": "y", "opens_2": "2023-08-21",
        "include_3": "y", "opens_3": "2023-08-28",
        "include_4": "y", "opens_4": "2023-09-04",
        "attendance_required": "50",
    }  # fmt: skip
    return data | overrides


def test_a_facilitator_creates_a_cohort(facilitator_client, facilitator):
    response = facilitator_client.post("/cohorts/new", data=cohort_form())
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort))
    assert cohort.name.startswith("Curso a distancia")
    assert [(item.module_slug, item.opens_on) for item in cohort.modules][1] == (
        "decent-work-and-inclusion", date(2023, 8, 21)
    )  # fmt: skip
    assert cohort.attendance_required == 0.5
    assert service.facilitates(facilitator, cohort.id)
    page = facilitator_client.get(f"/cohorts/{cohort.id}").data.decode()
    assert "opens on August 21, 2023" in page


def test_invalid_cohort_dates_are_refused_with_a_message(facilitator_client):
    page = facilitator_client.post(
        "/cohorts/new", data=cohort_form(ends_on="2023-08-01", starts_on="2023-08-14")
    ).data.decode()
    assert "The end date cannot be before the start date." in page
    assert db.session.scalar(select(Cohort)) is None
    page = facilitator_client.post("/cohorts/new", data=cohort_form(starts_on="14/08")).data
    assert b"Not a valid date value." in page


def test_learners_cannot_reach_facilitator_pages(learner_client):
    assert learner_client.get("/cohorts").status_code == 403
    assert learner_client.get("/cohorts/new").status_code == 403


def test_adding_a_learner_by_email_creates_the_account_if_needed(facilitator_client, cohort):
    page = facilitator_client.post(
        f"/cohorts/{cohort.id}/learners", data={"email": "Nueva@Example.org", "name": "Nueva"}
    ).data.decode()
    assert "<bdi>nueva@example.org</bdi> is enrolled." in page
    assert "/set-password/" in page
    user = db.session.scalar(select(User).where(User.email == "nueva@example.org"))
    assert is_enrolled(user.id, cohort.id)


def test_unenrol_and_enrol_again_from_the_learners_page(facilitator_client, cohort, learner):
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    facilitator_client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/unenrol")
    assert not is_enrolled(learner.id, cohort.id)
    page = facilitator_client.get(f"/cohorts/{cohort.id}/learners").data.decode()
    assert "unenrolled on" in page
    facilitator_client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/enrol")
    assert is_enrolled(learner.id, cohort.id)


def test_self_enrolment_can_be_switched_on_regenerated_and_off(facilitator_client, cohort):
    facilitator_client.post(f"/cohorts/{cohort.id}/self-enrolment", data={"action": "open"})
    first = db.session.get(Cohort, cohort.id).enrolment_code
    facilitator_client.post(f"/cohorts/{cohort.id}/self-enrolment", data={"action": "open"})
    second = db.session.get(Cohort, cohort.id).enrolment_code
    assert first and second and first != second
    page = facilitator_client.get(f"/cohorts/{cohort.id}").data.decode()
    assert f"/join/{second}" in page
    facilitator_client.post(f"/cohorts/{cohort.id}/self-enrolment", data={"action": "close"})
    assert db.session.get(Cohort, cohort.id).enrolment_code is None


def test_scheduling_a_live_session_in_the_cohorts_time_zone(facilitator_client, cohort):
    response = facilitator_client.post(
        f"/cohorts/{cohort.id}/sessions",
        data={"title": "Sesión en vivo con dos invitadas", "day": "2023-08-31", "time": "10:00",
              "duration_minutes": "120", "join_url": "https://meet.example.org/sse",
              "speakers": "Representative of the Workers' group\nHead of an ILO unit"},
    )  # fmt: skip
    assert response.status_code == 302
    live = db.session.scalar(select(LiveSession))
    assert live.starts_at == datetime(2023, 8, 31, 15, 0, tzinfo=UTC)  # 10:00 in Bogotá


def test_recording_attendance(facilitator_client, cohort, make_user):
    present, absent = make_user(), make_user()
    for person in (present, absent):
        service.enrol(cohort.id, person.id)
    live = LiveSession(cohort_id=cohort.id, title="Live", duration_minutes=60,
                       starts_at=datetime(2023, 8, 31, 15, tzinfo=UTC))  # fmt: skip
    db.session.add(live)
    db.session.commit()
    page = facilitator_client.get(f"/cohorts/{cohort.id}/sessions/{live.id}/attendance")
    assert present.email in page.data.decode()
    facilitator_client.post(
        f"/cohorts/{cohort.id}/sessions/{live.id}/attendance", data={"present": [present.id]}
    )
    assert db.session.scalars(select(Attendance.user_id)).all() == [present.id]
    facilitator_client.post(f"/cohorts/{cohort.id}/sessions/{live.id}/attendance", data={})
    assert db.session.scalars(select(Attendance.user_id)).all() == []


def test_attendance_only_for_enrolled_learners(facilitator_client, cohort, make_user):
    stranger = make_user()
    live = LiveSession(cohort_id=cohort.id, title="Live", duration_minutes=60,
                       starts_at=datetime(2023, 8, 31, 15, tzinfo=UTC))  # fmt: skip
    db.session.add(live)
    db.session.commit()
    facilitator_client.post(
        f"/cohorts/{cohort.id}/sessions/{live.id}/attendance", data={"present": [stranger.id]}
    )
    assert db.session.scalars(select(Attendance)).all() == []


def test_announcements_reach_the_learners_home_page(facilitator_client, cohort, make_user, client):
    learner = make_user(email="amina@example.org")
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    facilitator_client.post(
        f"/cohorts/{cohort.id}/announcements", data={"body": "La sesión en vivo es el jueves."}
    )
    facilitator_client.post("/logout")
    facilitator_client.post(
        "/login", data={"email": "amina@example.org", "password": "correct horse battery"}
    )
    home = facilitator_client.get("/").data.decode()
    assert "Your cohorts" in home
    assert "La sesión en vivo es el jueves." in home
    assert cohort.name in home


def test_the_progress_grid_shows_each_learner_and_module(facilitator_client, cohort, make_user,
                                                         module1):  # fmt: skip
    busy, idle = make_user(name="Busy Learner"), make_user(name="Idle Learner")
    for person in (busy, idle):
        service.enrol(cohort.id, person.id)
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(busy.id, module1, lesson_id)
    answers = {q.id: sorted(q.correct) for q in module1.quiz_key.questions}
    quiz_service.submit_attempt(busy.id, module1, answers, quiz_service.new_token(), "es")
    db.session.commit()
    page = facilitator_client.get(f"/cohorts/{cohort.id}/progress").data.decode()
    assert "Busy Learner" in page and "Idle Learner" in page
    assert "Best score: 100%." in page
    assert "1 has started<br>1 has completed" in page  # one plural text each
    not_started = facilitator_client.get(
        f"/cohorts/{cohort.id}/progress?filter=not_started"
    ).data.decode()
    assert "Idle Learner" in not_started and "Busy Learner" not in not_started
    by_activity = facilitator_client.get(
        f"/cohorts/{cohort.id}/progress?sort=activity&order=desc"
    ).data.decode()
    assert by_activity.index("Busy Learner") < by_activity.index("Idle Learner")
    detail = facilitator_client.get(f"/cohorts/{cohort.id}/learners/{busy.id}").data.decode()
    assert "Attempt 1" in detail
    first = module1.quiz_key.questions[0]
    correct_text = module1.texts["es"].quiz[first.id].options[sorted(first.correct)[0]].text
    assert re.sub(r"\s+", " ", correct_text)[:20] in re.sub(r"\s+", " ", detail)


def test_the_run_sheet_shows_the_weeks(facilitator_client, facilitator, make_cohort):
    cohort = make_cohort(facilitator, starts_on=date(2023, 8, 14), ends_on=date(2023, 9, 8),
                         openings={"decent-work-and-inclusion": date(2023, 8, 21)})  # fmt: skip
    page = facilitator_client.get(f"/cohorts/{cohort.id}/run-sheet").data.decode()
    assert page.count("Week ") >= 4
    assert "Week 4" in page


def test_unenrolled_learners_keep_their_enrolment_row(cohort, learner):
    service.enrol(cohort.id, learner.id)
    service.unenrol(cohort.id, learner.id)
    db.session.commit()
    assert db.session.scalar(select(Enrolment.withdrawn_at)) is not None
