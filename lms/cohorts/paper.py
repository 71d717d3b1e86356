"""Entering a pile of paper quiz sheets for a cohort: every typed row is checked first, and only
when all of them fit are the attempts written, in the request's one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from lms.content import Module
from lms.models import User
from lms.quiz import paper
from lms.quiz.service import AttemptsExhausted
from lms.records.opening import ModuleLocked

MAX_TYPED = 400  # characters in one learner's row: a few per question


@dataclass
class PaperOutcome:
    errors: dict[int, str] = field(default_factory=dict)  # learner id -> what is wrong
    recorded: int = 0
    already: int = 0


def enter_sheets(
    module: Module,
    learners: list[User],
    typed: dict[int, str],
    answered_on: date,
    language: str,
    entered_by_id: int,
) -> PaperOutcome:
    """Check every non-empty row, then record each as an attempt. With any error, the outcome
    lists them and the caller rolls back: nothing is written."""
    outcome = PaperOutcome()
    answers = {}
    for learner in learners:
        row = typed.get(learner.id, "").strip()
        if not row:
            continue
        if len(row) > MAX_TYPED:
            outcome.errors[learner.id] = _(
                "These answers are too long: type one group of letters per question."
            )
            continue
        try:
            answers[learner.id] = paper.parse_answers(module, row)
        except paper.PaperAnswersError as error:
            outcome.errors[learner.id] = str(error)
    if outcome.errors:
        return outcome
    for learner_id, ticked in answers.items():
        try:
            entry = paper.record_paper_attempt(
                learner_id, module, ticked, answered_on, language, entered_by_id
            )
        except AttemptsExhausted:
            outcome.errors[learner_id] = _("This learner has used every attempt at this quiz.")
            continue
        except ModuleLocked as locked:
            outcome.errors[learner_id] = _(
                "This module opens for this learner on %(date)s.",
                date=format_date(locked.opens_on, "long"),
            )
            continue
        if entry.new:
            outcome.recorded += 1
        else:
            outcome.already += 1
    return outcome
