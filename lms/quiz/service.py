"""Quiz attempts: limits, one attempt per submitted form, completion on passing."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import Insert, bindparam, func, select

from lms.content import Module
from lms.core.database import insert_if_absent, unless_present
from lms.extensions import db
from lms.models import ModuleCompletion, QuizAttempt, User
from lms.quiz.grading import grade
from lms.records.opening import ensure_open
from lms.records.reads import first_row
from lms.records.results import lessons_result

_ATTEMPTS = QuizAttempt.__table__
_BY_TOKEN = select(_ATTEMPTS.c.id, _ATTEMPTS.c.number, _ATTEMPTS.c.user_id).where(
    _ATTEMPTS.c.token == bindparam("token")
)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_LEARNER_LOCK = (
    select(User.id).where(User.id == bindparam("user_id")).with_for_update(key_share=True)
)


class QuizLocked(Exception):
    """The learner has not completed every lesson of the module."""


class AttemptsExhausted(Exception):
    """Every attempt allowed by the module has been used."""


class InvalidToken(Exception):
    """The form's one-time token is missing or malformed."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class RecordedAttempt:
    """An attempt as recorded: enough to lead to its result."""

    id: int
    number: int


def attempt_with_token(user_id: int, token: str) -> RecordedAttempt | None:
    """The attempt this token recorded; InvalidToken when it recorded another learner's."""
    row = first_row(_BY_TOKEN, token=token)
    if row is None:
        return None
    attempt_id, number, owner_id = row
    if owner_id != user_id:
        raise InvalidToken
    return RecordedAttempt(attempt_id, number)


def submit_attempt(
    user_id: int,
    module: Module,
    answers: Mapping[str, Collection[str]],
    token: str,
    language: str,
) -> RecordedAttempt:
    """Grade and record an attempt, exactly once per token.

    The same token sent again (a double click, a resubmitted form, a retried request) returns the
    attempt it first recorded. Passing the quiz completes the module. Raises ModuleLocked while
    the learner's cohorts have not opened the module, QuizLocked before every lesson is done.
    """
    if not TOKEN_PATTERN.match(token or ""):
        raise InvalidToken
    if module.quiz_key is None:
        raise QuizLocked
    # Checked before writing, each read at once (outside a transaction when none is open): on
    # SQLite the write lock is then held only for the attempt itself.
    ensure_open(user_id, module.slug)
    if not lessons_result(user_id, module).quiz_open:
        raise QuizLocked
    existing = attempt_with_token(user_id, token)
    if existing is not None:
        return existing
    return record_attempt(user_id, module, answers, token, language)


def record_attempt(
    user_id: int,
    module: Module,
    answers: Mapping[str, Collection[str]],
    token: str,
    language: str,
    entered_by_id: int | None = None,
) -> RecordedAttempt:
    """Grade and record the learner's next attempt, exactly once per token, within the attempts
    allowed; passing completes the module. `entered_by_id`: the facilitator who entered a
    paper sheet. The caller has checked that the learner may take the quiz."""
    assert module.quiz_key is not None
    result = grade(module.quiz_key, answers)
    passed = result.percent >= module.pass_mark
    attempt = {
        "user_id": user_id,
        "module_slug": module.slug,
        "token": token,
        "language": language,
        "on_paper": entered_by_id is not None,
        "entered_by_id": entered_by_id,
        "answers": {
            question.question_id: {
                "selected": list(question.selected),
                "points": question.points,
                "max": question.max_points,
            }
            for question in result.questions
        },
        "points": result.points,
        "max_points": result.max_points,
        "percent": result.percent,
        "passed": passed,
    }
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        # The learner's attempts are numbered one at a time: a second request waits here until
        # the first commits, instead of taking the same number and failing on it. (On SQLite,
        # the write lock this transaction began with already does it.)
        db.session.execute(_LEARNER_LOCK, {"user_id": user_id})
    inserted = db.session.execute(
        _next_attempt(dialect), {**attempt, "max_attempts": module.max_attempts}
    ).first()
    if inserted is None:  # this token recorded an attempt first, or every attempt is used
        existing = attempt_with_token(user_id, token)
        if existing is not None:
            return existing
        raise AttemptsExhausted
    if passed:
        insert_if_absent(ModuleCompletion, user_id=user_id, module_slug=module.slug)
    return RecordedAttempt(inserted.id, inserted.number)


_RECORDED = ("user_id", "module_slug", "token", "language", "on_paper", "entered_by_id",
             "answers", "points", "max_points", "percent", "passed")  # fmt: skip
_NEXT_ATTEMPT: dict[str, Insert] = {}


def _next_attempt(dialect: str) -> Insert:
    """The attempt given, numbered after the learner's last one, in one statement; nothing goes
    in when that number would pass max_attempts or the token is taken. Gives (id, number)."""
    statement = _NEXT_ATTEMPT.get(dialect)
    if statement is None:
        number = func.coalesce(func.max(_ATTEMPTS.c.number), 0) + 1
        given = [bindparam(name, type_=_ATTEMPTS.c[name].type) for name in _RECORDED]
        source = (
            select(*given, number)
            .where(
                _ATTEMPTS.c.user_id == bindparam("user_id"),
                _ATTEMPTS.c.module_slug == bindparam("module_slug"),
            )
            .having(number <= bindparam("max_attempts"))
        )
        statement = _NEXT_ATTEMPT[dialect] = (
            unless_present(QuizAttempt)
            .from_select([*_RECORDED, "number"], source)
            .returning(_ATTEMPTS.c.id, _ATTEMPTS.c.number)
        )
    return statement
