"""What a learner sees of their cohorts: joining, the schedule, live sessions, calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lms.cohorts import calendar, schedule, service
from lms.extensions import db
from lms.models import LiveSession
from lms.models.base import utcnow
from lms.records.enrolment import is_enrolled
from tests.conftest import page_without_transactions


def test_joining_with_a_code_or_a_link(learner_client, learner, cohort):
    code = service.open_self_enrolment(cohort)
    db.session.commit()
    page = learner_client.get(f"/join/{code}").data.decode()
    assert f'value="{code}"' in page
    response = learner_client.post(f"/join/{code}", data={"code": code})
    assert response.headers["Location"] == f"/my/cohorts/{cohort.id}"
    assert is_enrolled(learner.id, cohort.id)


def test_a_wrong_code_says_so(learner_client):
    page = learner_client.post("/join", data={"code": "WRONG123"}).data.decode()
    assert "There is no open cohort with this code." in page


def test_a_full_cohort_says_so(learner_client, make_cohort, make_user):
    cohort = make_cohort(places=1)
    code = service.open_self_enrolment(cohort)
    service.enrol(cohort.id, make_user().id)
    db.session.commit()
    page = learner_client.post("/join", data={"code": code}).data.decode()
    assert "This cohort has no places left." in page


def test_the_cohort_page_shows_the_schedule_and_sessions_in_the_learners_time_zone(
    learner_client, learner, make_cohort
):
    cohort = make_cohort(openings={"decent-work-and-inclusion": date(2099, 1, 4)})
    service.enrol(cohort.id, learner.id)
    db.session.add(
        LiveSession(
            cohort_id=cohort.id,
            title="Sesión con invitadas",
            duration_minutes=120,
            starts_at=datetime(2023, 8, 31, 15, tzinfo=UTC),
        )
    )
    db.session.commit()
    learner_client.post(
        "/account", data={"name": "Amina", "locale": "en", "timezone": "America/Bogota"}
    )
    page = learner_client.get(f"/my/cohorts/{cohort.id}").data.decode()
    assert "Opens on January 4, 2099" in page
    assert "10:00:00" in page  # 15:00 UTC is 10:00 in Bogotá
    assert "Sesión con invitadas" in page


def test_a_locked_module_cannot_be_started(learner_client, learner, make_cohort, module1):
    cohort = make_cohort(openings={module1.slug: date(2099, 1, 4)})
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    lesson = f"/modules/{module1.slug}/lessons/{module1.lesson_ids[0]}"
    response = learner_client.get(lesson)
    assert response.headers["Location"] == f"/modules/{module1.slug}"
    assert learner_client.post(f"{lesson}/complete").status_code == 302
    assert learner_client.get(f"/modules/{module1.slug}/quiz").status_code == 302
    page = learner_client.get(f"/modules/{module1.slug}").data.decode()
    assert "This module opens on January 4, 2099." in page


def test_the_home_page_shows_the_next_thing_to_do(learner_client, learner, cohort, module1):
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    home = learner_client.get("/").data.decode()
    assert "Continue module 1" in home
    assert f"/lessons/{module1.lesson_ids[0]}" in home


def test_the_home_page_shows_the_next_live_session_and_the_latest_announcements(
    learner_client, learner, cohort, make_user
):
    service.enrol(cohort.id, learner.id)
    now = utcnow().replace(microsecond=0)
    for title, starts_at, minutes in [
        ("Long over", now - timedelta(days=5), 60),
        ("Just over", now - timedelta(hours=2), 60),
        ("Under way", now - timedelta(minutes=30), 90),
        ("Next week", now + timedelta(days=7), 60),
    ]:
        db.session.add(LiveSession(cohort_id=cohort.id, title=title, starts_at=starts_at,
                                   duration_minutes=minutes))  # fmt: skip
    author = make_user(role="facilitator")
    for number in range(1, 5):
        note = schedule.post_announcement(cohort, author, f"Note {number}")
        note.created_at = now - timedelta(days=10 - number)
    db.session.commit()
    home = page_without_transactions(learner_client, "/")
    assert "Next live session: <bdi>Under way</bdi>" in home
    assert "Note 1" not in home and all(f"Note {n}" in home for n in (2, 3, 4))
    assert home.index("Note 4") < home.index("Note 2")  # newest first


def test_calendar_files(learner_client, learner, cohort):
    service.enrol(cohort.id, learner.id)
    live = LiveSession(cohort_id=cohort.id, title="Sesión; con, invitadas", duration_minutes=90,
                       starts_at=datetime(2023, 8, 31, 15, tzinfo=UTC),
                       join_url="https://meet.example.org/x")  # fmt: skip
    db.session.add(live)
    db.session.commit()
    one = learner_client.get(f"/my/cohorts/{cohort.id}/sessions/{live.id}.ics")
    assert one.mimetype == "text/calendar"
    text = one.data.decode()
    assert "DTSTART:20230831T150000Z" in text
    assert "DTEND:20230831T163000Z" in text
    assert "SUMMARY:Sesión\\; con\\, invitadas" in text
    assert text.count("BEGIN:VEVENT") == 1
    whole = learner_client.get(f"/my/cohorts/{cohort.id}/calendar.ics").data.decode()
    assert whole.count("BEGIN:VEVENT") == 1


def test_long_calendar_lines_are_folded():
    folded = calendar._fold("DESCRIPTION:" + "é" * 80)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
