"""Quiz sheets answered on paper, typed in by a facilitator and graded like an online attempt.

A learner's answers are typed as one group of letters per question, in the sheet's order,
separated by spaces: "B A CE D …", the letters printed on the sheet (A for the first option; for
a true-or-false question A is "true"), in either case, and "-" for a question left blank.

Entering the same sheet twice records one attempt: the attempt's token is derived from the
learner, the module, the day the sheet was answered and the answers ticked, so a second entry
(a double click, a colleague typing the same pile again) finds the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from lms.content import Module
from lms.content.model import QuestionKey
from lms.quiz.service import RecordedAttempt, attempt_with_token, record_attempt
from lms.records.opening import ensure_open

BLANK = "-"


class PaperAnswersError(ValueError):
    """Typed answers that do not fit the sheet; the message says why, in the reader's language."""


def letter(index: int) -> str:
    """An option's letter on every printed form: A, B, C… (also in the packs' self-check quiz)."""
    return chr(ord("A") + index)


def parse_answers(module: Module, typed: str) -> dict[str, list[str]]:
    """Option ids ticked per question id, from typed letters; PaperAnswersError when they do
    not fit the module's questions."""
    assert module.quiz_key is not None
    questions = module.quiz_key.questions
    groups = typed.split()
    if len(groups) != len(questions):
        raise PaperAnswersError(
            ngettext(
                "%(found)d answers typed for %(num)d question: type one group of letters per "
                "question, and - for a question left blank.",
                "%(found)d answers typed for %(num)d questions: type one group of letters per "
                "question, and - for a question left blank.",
                len(questions),
                found=len(groups),
            )
        )
    return {
        question.id: _selected(number, question, group)
        for number, (question, group) in enumerate(zip(questions, groups, strict=True), start=1)
    }


def _selected(number: int, question: QuestionKey, group: str) -> list[str]:
    if group == BLANK:
        return []
    letters = {letter(index): option for index, option in enumerate(question.options)}
    selected = []
    for char in group.upper():
        if char not in letters:
            raise PaperAnswersError(
                _(
                    "Question %(number)d has no option %(letter)s: its options are %(first)s to "
                    "%(last)s.",
                    number=number,
                    letter=char,
                    first=letter(0),
                    last=letter(len(question.options) - 1),
                )
            )
        if letters[char] not in selected:
            selected.append(letters[char])
    return selected


def sheet_token(user_id: int, module_slug: str, answered_on: date, answers: Mapping) -> str:
    """The idempotency key of one filled-in sheet (see the module's docstring)."""
    ticked = ";".join(f"{qid}={','.join(sorted(answers[qid]))}" for qid in sorted(answers))
    sheet = f"{user_id}|{module_slug}|{answered_on.isoformat()}|{ticked}"
    return "paper-" + hashlib.sha256(sheet.encode()).hexdigest()[:48]


@dataclass(frozen=True)
class PaperEntry:
    attempt: RecordedAttempt
    new: bool  # False: the same sheet was entered before


def record_paper_attempt(
    user_id: int,
    module: Module,
    answers: Mapping[str, Collection[str]],
    answered_on: date,
    language: str,
    entered_by_id: int,
) -> PaperEntry:
    """Grade and record a paper sheet as the learner's next attempt, once per sheet. It counts
    against the attempts allowed (AttemptsExhausted) and respects the module's opening date
    (ModuleLocked); lessons read offline are not asked for."""
    token = sheet_token(user_id, module.slug, answered_on, answers)
    existing = attempt_with_token(user_id, token)
    if existing is not None:
        return PaperEntry(existing, new=False)
    ensure_open(user_id, module.slug)
    return PaperEntry(
        record_attempt(user_id, module, answers, token, language, entered_by_id), True
    )
