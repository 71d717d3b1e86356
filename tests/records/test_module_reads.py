"""What a learner's module pages read in one statement (lms.records.readiness) agrees with
the reads it replaces: the module's opening (locked_modules) and the learner's result in it
(results_for), whatever their cohorts, lessons, attempts and completion."""

from __future__ import annotations

from datetime import date

from lms.cohorts import service as cohorts
from lms.extensions import db
from lms.records.opening import locked_modules
from lms.records.readiness import opening_and_lessons, opening_and_result
from lms.records.results import results_for
from tests.conftest import complete_lessons
from tests.quiz.helpers import submit


def separately(user_id, module):
    return locked_modules(user_id).get(module.slug), results_for(user_id, [module])[module.slug]


def agree(user_id, module) -> tuple:
    opens_on, result = separately(user_id, module)
    assert opening_and_result(user_id, module) == (opens_on, result)
    lessons_opening, lessons = opening_and_lessons(user_id, module)
    assert (lessons_opening, lessons.completed_lessons) == (opens_on, result.completed_lessons)
    return opens_on, result


def test_one_read_agrees_with_two_at_every_step(learner_client, learner, module1, make_cohort):
    assert agree(learner.id, module1) == (None, results_for(learner.id, [module1])[module1.slug])
    complete_lessons(learner_client, module1, module1.lesson_ids[:2])
    assert agree(learner.id, module1)[1].lessons_done == 2
    complete_lessons(learner_client, module1)
    submit(learner_client, module1, right=0)
    submit(learner_client, module1, right=len(module1.quiz_key.questions))
    _opens_on, result = agree(learner.id, module1)
    assert (result.attempts, result.best_percent) == (2, 100.0) and result.completed_at
    cohorts.enrol(make_cohort(openings={module1.slug: date(2099, 1, 4)}).id, learner.id)
    db.session.commit()
    assert agree(learner.id, module1)[0] == date(2099, 1, 4)
    cohorts.enrol(make_cohort(openings={module1.slug: date(2099, 1, 2)}).id, learner.id)
    db.session.commit()
    assert agree(learner.id, module1)[0] == date(2099, 1, 2)  # the earliest
    cohorts.enrol(make_cohort(openings={module1.slug: date(2023, 8, 14)}).id, learner.id)
    db.session.commit()
    assert agree(learner.id, module1)[0] is None  # open in one of their cohorts


def test_another_module_and_another_learner_count_for_nothing(
    learner_client, learner, module1, make_user, make_cohort, catalogue
):
    other_module = catalogue.modules[1]
    complete_lessons(learner_client, module1)
    cohorts.enrol(make_cohort(openings={other_module.slug: date(2099, 1, 4)}).id, learner.id)
    db.session.commit()
    assert agree(learner.id, other_module) == (
        date(2099, 1, 4),
        results_for(learner.id, [other_module])[other_module.slug],
    )
    assert agree(learner.id, other_module)[1].lessons_done == 0
    someone_else = make_user(email="someone@example.org")
    opens_on, result = agree(someone_else.id, module1)
    assert opens_on is None and result.lessons_done == 0 and result.attempts == 0
