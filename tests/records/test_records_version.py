"""The records version of an account rises with every change to what its pages show, whoever
makes it (database triggers, migration 0008): the answers from memory of lms.core.replay hold
only while it stays the same."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import Cohort, LessonProgress, User
from lms.quiz import service as quiz_service


def version(user_id: int) -> int:
    db.session.commit()
    return db.session.scalar(select(User.records_version).where(User.id == user_id))


def test_the_persons_own_records_raise_it(learner, module1):
    start = version(learner.id)
    learn_service.mark_lesson_complete(learner.id, module1, module1.lesson_ids[0])
    assert version(learner.id) == start + 1
    learn_service.mark_lesson_complete(learner.id, module1, module1.lesson_ids[0])
    assert version(learner.id) == start + 1  # nothing new: the same
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    counted = version(learner.id)
    quiz_service.submit_attempt(learner.id, module1, {}, quiz_service.new_token(), "en")
    assert version(learner.id) == counted + 1
    db.session.execute(delete(LessonProgress).where(LessonProgress.user_id == learner.id))
    assert version(learner.id) > counted + 1


def test_a_change_to_a_cohort_raises_it_for_its_members_only(learner, make_user, make_cohort):
    outsider = make_user()
    cohort = make_cohort()
    cohort_service.enrol(cohort.id, learner.id)
    member_start, outsider_start = version(learner.id), version(outsider.id)
    db.session.execute(update(Cohort).where(Cohort.id == cohort.id).values(name="Renamed"))
    assert version(learner.id) == member_start + 1
    db.session.execute(delete(Cohort).where(Cohort.id == cohort.id))
    assert version(learner.id) > member_start + 1
    assert version(outsider.id) == outsider_start


def test_enrolment_raises_it(learner, make_cohort):
    cohort = make_cohort()
    start = version(learner.id)
    cohort_service.enrol(cohort.id, learner.id)
    assert version(learner.id) > start


def test_a_change_raises_it_once_and_a_move_raises_it_for_both_people(learner, make_user, module1):
    other = make_user()
    learn_service.mark_lesson_complete(learner.id, module1, module1.lesson_ids[0])
    start, other_start = version(learner.id), version(other.id)
    rows = update(LessonProgress).where(LessonProgress.user_id == learner.id)
    db.session.execute(rows.values(completed_at=LessonProgress.completed_at))
    assert version(learner.id) == start + 1
    db.session.execute(rows.values(user_id=other.id))
    assert (version(learner.id), version(other.id)) == (start + 2, other_start + 1)
