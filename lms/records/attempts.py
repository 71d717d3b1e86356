"""A learner's quiz attempts and lesson completions as recorded, read in terms of the current
content: answers under a renamed question id count for the new id; retired ones are left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.content import Module
from lms.extensions import db
from lms.models import LessonProgress, QuizAttempt
from lms.records.enrolment import enrolled
from lms.records.results import counted_lessons, current_lesson_id
from lms.records.status import answer_outcome


@dataclass(frozen=True)
class RecordedAnswer:
    """One question of an attempt, as graded when the attempt was submitted."""

    selected: tuple[str, ...]
    points: float
    max_points: float

    @property
    def outcome(self) -> str:
        return answer_outcome(self.points, self.max_points)


def recorded_answers(module: Module, answers: dict) -> dict[str, RecordedAnswer]:
    """An attempt's stored answers by current question id, with the marks recorded when it was
    graded."""
    points_now = {q.id: q.points for q in module.quiz_key.questions} if module.quiz_key else {}
    found = {}
    for stored_id, answer in answers.items():
        question_id = module.current_question_id(stored_id)
        if question_id is None:
            continue
        # Attempts recorded before the maximum was stored with each answer fall back to the
        # question's points today.
        maximum = answer.get("max", points_now[question_id])
        found[question_id] = RecordedAnswer(
            tuple(answer.get("selected", ())), answer.get("points", 0.0), maximum
        )
    return found


def attempts_of(user_id: int, module_slug: str) -> list[QuizAttempt]:
    return attempts_by_module(user_id, [module_slug])[module_slug]


def attempts_by_module(user_id: int, slugs: Sequence[str]) -> dict[str, list[QuizAttempt]]:
    """Every attempt of a learner in these modules, oldest first, in one query."""
    found: dict[str, list[QuizAttempt]] = {slug: [] for slug in slugs}
    for attempt in db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.module_slug.in_(slugs))
        .order_by(QuizAttempt.module_slug, QuizAttempt.number)
    ):
        found[attempt.module_slug].append(attempt)
    return found


def first_attempts(module_slug: str, cohort_ids: list[int] | None = None):
    """(language, answers) of every learner's first attempt, streamed: the learners enrolled now
    in these cohorts, or everyone when cohort_ids is None."""
    query = select(QuizAttempt.language, QuizAttempt.answers).where(
        QuizAttempt.module_slug == module_slug, QuizAttempt.number == 1
    )
    if cohort_ids is not None:
        query = query.where(QuizAttempt.user_id.in_(enrolled(cohort_ids)))
    return db.session.execute(query.execution_options(yield_per=1000))


def attempt_by_number(user_id: int, module_slug: str, number: int) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.module_slug == module_slug,
            QuizAttempt.number == number,
        )
    )


def lesson_completions(user_id: int, modules: Sequence[Module]) -> dict[str, dict[str, datetime]]:
    """When the learner completed each current lesson of these modules, in one query."""
    found: dict[str, dict[str, datetime]] = {module.slug: {} for module in modules}
    if not modules:
        return found
    for slug, lesson_id, at in db.session.execute(
        select(
            LessonProgress.module_slug, current_lesson_id(modules), LessonProgress.completed_at
        ).where(LessonProgress.user_id == user_id, counted_lessons(modules))
    ):
        earlier = found[slug].get(lesson_id)
        found[slug][lesson_id] = min(at, earlier) if earlier else at
    return found


def attempts_used(user_ids: Sequence[int], module_slug: str) -> dict[int, int]:
    """How many attempts at a module's quiz each of these learners has used, online or on paper,
    in one query."""
    found = dict.fromkeys(user_ids, 0)
    if not user_ids:
        return found
    for user_id, count in db.session.execute(
        select(QuizAttempt.user_id, func.count(QuizAttempt.id))
        .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.module_slug == module_slug)
        .group_by(QuizAttempt.user_id)
    ):
        found[user_id] = count
    return found
