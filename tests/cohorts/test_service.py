"""Cohort rules as plain functions: status, enrolment, self-enrolment, opening dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from lms.cohorts import service
from lms.core.catalogue import cohort_modules
from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import Enrolment, LessonProgress
from lms.records.course import course_status
from lms.records.enrolment import is_enrolled
from lms.records.opening import locked_modules


def test_status_follows_publication_and_dates(make_cohort):
    cohort = make_cohort(published=False, starts_on=date(2023, 8, 14), ends_on=date(2023, 9, 8))
    assert service.status(cohort, date(2023, 8, 1)) == service.DRAFT
    cohort.published = True
    assert service.status(cohort, date(2023, 8, 1)) == service.OPEN
    assert service.status(cohort, date(2023, 8, 14)) == service.RUNNING
    assert service.status(cohort, date(2023, 9, 8)) == service.RUNNING
    assert service.status(cohort, date(2023, 9, 9)) == service.FINISHED


def test_today_is_taken_in_the_cohorts_time_zone():
    late_evening_in_bogota = datetime(2023, 9, 1, 3, 0, tzinfo=UTC)
    assert service.today_in("America/Bogota", late_evening_in_bogota) == date(2023, 8, 31)


def test_unenrolling_keeps_records_and_enrolling_again_restores(cohort, learner, module1):
    assert service.enrol(cohort.id, learner.id) == service.ENROLLED
    learn_service.mark_lesson_complete(learner.id, module1, module1.lesson_ids[0])
    assert service.unenrol(cohort.id, learner.id) is True
    db.session.commit()
    assert not is_enrolled(learner.id, cohort.id)
    assert db.session.scalar(select(LessonProgress.lesson_id)) == module1.lesson_ids[0]
    assert service.enrol(cohort.id, learner.id) == service.RESTORED
    assert is_enrolled(learner.id, cohort.id)
    assert service.enrol(cohort.id, learner.id) == service.ALREADY
    assert len(db.session.scalars(select(Enrolment)).all()) == 1


def test_self_enrolment_with_a_code(cohort, learner, make_user):
    code = service.open_self_enrolment(cohort)
    db.session.commit()
    joined, outcome = service.self_enrol(code.lower(), learner.id)
    assert (joined.id, outcome) == (cohort.id, service.ENROLLED)
    assert service.self_enrol(code, learner.id)[1] == service.ALREADY


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("unknown-code", "unknown"),
        ("switched-off", "unknown"),
        ("unpublished", "closed"),
        ("finished", "closed"),
        ("full", "full"),
    ],
)
def test_self_enrolment_refusals(make_cohort, make_user, change, reason):
    cohort = make_cohort(places=1)
    code = service.open_self_enrolment(cohort)
    if change == "switched-off":
        service.close_self_enrolment(cohort)
    elif change == "unpublished":
        cohort.published = False
    elif change == "finished":
        cohort.starts_on, cohort.ends_on = date(2020, 1, 1), date(2020, 2, 1)
    elif change == "full":
        service.enrol(cohort.id, make_user().id)
    db.session.commit()
    with pytest.raises(service.SelfEnrolmentRefused) as refused:
        service.self_enrol("NOPE1234" if change == "unknown-code" else code, make_user().id)
    assert refused.value.reason == reason


def test_modules_are_locked_until_they_open(make_cohort, learner):
    cohort = make_cohort(openings={"decent-work-and-inclusion": date(2099, 1, 1)})
    assert locked_modules(learner.id) == {}  # not enrolled: nothing locked
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    assert locked_modules(learner.id) == {"decent-work-and-inclusion": date(2099, 1, 1)}


def test_a_module_open_in_one_of_the_learners_cohorts_is_open(make_cohort, learner):
    closed = make_cohort(openings={"decent-work-and-inclusion": date(2099, 1, 1)})
    opened = make_cohort(name="Other cohort")
    for cohort in (closed, opened):
        service.enrol(cohort.id, learner.id)
    db.session.commit()
    assert locked_modules(learner.id) == {}


def test_who_facilitates_what(cohort, facilitator, make_user, learner):
    other = make_user(role="facilitator")
    admin = make_user(role="admin")
    assert service.facilitates(facilitator, cohort.id)
    assert service.facilitates(admin, cohort.id)
    assert not service.facilitates(other, cohort.id)
    assert not service.facilitates(learner, cohort.id)
    assert service.cohorts_facilitated_by(other) == []
    assert [c.id for c in service.cohorts_facilitated_by(admin)] == [cohort.id]


def test_course_completion_can_require_attendance(make_cohort, learner, module1):
    from datetime import UTC, datetime

    from lms.models import Attendance, LiveSession, ModuleCompletion

    cohort = make_cohort(slugs=(module1.slug,), attendance_required=0.5)
    service.enrol(cohort.id, learner.id)
    sessions = [
        LiveSession(cohort_id=cohort.id, title=f"S{n}", duration_minutes=60,
                    starts_at=datetime(2023, 8, 20 + n, 15, tzinfo=UTC))
        for n in range(4)
    ]  # fmt: skip
    db.session.add_all(sessions)
    db.session.add(ModuleCompletion(user_id=learner.id, module_slug=module1.slug))
    db.session.flush()
    db.session.add(Attendance(session_id=sessions[0].id, user_id=learner.id))
    db.session.commit()
    status = course_status(cohort, learner.id, cohort_modules(cohort))
    assert (status.modules_completed, status.sessions_attended) == (1, 1)
    assert not status.completed  # 1 of 4 sessions is under half
    db.session.add(Attendance(session_id=sessions[1].id, user_id=learner.id))
    db.session.commit()
    assert course_status(cohort, learner.id, cohort_modules(cohort)).completed
