"""Quiz attempts: limits, one attempt per submitted form, completion on passing."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import Insert, bindparam, func, select

from lms.content import Module
from lms.core.database import unless_present
from lms.extensions import db
from lms.models import ModuleCompletion, QuizAttempt
from lms.models.base import utcnow
from lms.quiz.grading import grade
from lms.records.attempts import attempts_used
from lms.records.opening import ModuleLocked
from lms.records.readiness import opening_and_lessons
from lms.records.reads import Statement, first_row, written

_ATTEMPTS = QuizAttempt.__table__
_BY_TOKEN = select(_ATTEMPTS.c.id, _ATTEMPTS.c.number, _ATTEMPTS.c.user_id).where(
    _ATTEMPTS.c.token == bindparam("token")
)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


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
    Committed when this returns, unless the session has a transaction open: then with it.
    """
    if not TOKEN_PATTERN.match(token or ""):
        raise InvalidToken
    if module.quiz_key is None:
        raise QuizLocked
    # Checked before writing, in one read at once (outside a transaction when none is open): on
    # SQLite the write lock is then held only for the attempt itself.
    opens_on, lessons = opening_and_lessons(user_id, module)
    if opens_on is not None:
        raise ModuleLocked(opens_on)
    if not lessons.quiz_open:
        raise QuizLocked
    # A token sent again (a double click) finds its attempt when nothing goes in: no read first.
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
    values = {**attempt, "submitted_at": utcnow(), "max_attempts": module.max_attempts}
    recording = _recording(db.engine.dialect.name)
    # Each pass that records nothing for a new token saw another attempt of this learner take
    # the number first (the count went up): at most max_attempts of them.
    for _pass in range(module.max_attempts + 1):
        inserted = written(*((statement, values) for statement in recording))
        if inserted:
            return RecordedAttempt(inserted[0].id, inserted[0].number)
        existing = attempt_with_token(user_id, token)
        if existing is not None:
            return existing
        if attempts_used([user_id], module.slug)[user_id] >= module.max_attempts:
            raise AttemptsExhausted
    raise RuntimeError(f"no attempt could be numbered for learner {user_id} in {module.slug}")


_RECORDED = ("user_id", "module_slug", "token", "language", "on_paper", "entered_by_id",
             "answers", "points", "max_points", "percent", "passed", "submitted_at")  # fmt: skip
_COMPLETION_FROM = ("user_id", "module_slug", "completed_at")
_RECORDING: dict[str, tuple[Statement, ...]] = {}


def _recording(dialect: str) -> tuple[Statement, ...]:
    """The statements recording an attempt as one transaction; the first gives (id, number),
    nothing when no attempt went in (see _next_attempt). A passing attempt completes the module:
    the completion takes the attempt's learner, module and time. On PostgreSQL one statement,
    the round trips being most of what a submission waits on; SQLite has no INSERT within WITH,
    and reads the attempt back by its token."""
    found = _RECORDING.get(dialect)
    if found is None:
        attempt = _next_attempt()
        completion = unless_present(ModuleCompletion)
        if dialect == "postgresql":
            recorded = attempt.returning(
                _ATTEMPTS.c.user_id, _ATTEMPTS.c.module_slug, _ATTEMPTS.c.submitted_at,
                _ATTEMPTS.c.passed,
            ).cte("recorded")  # fmt: skip
            completed = completion.from_select(
                _COMPLETION_FROM,
                select(recorded.c.user_id, recorded.c.module_slug, recorded.c.submitted_at)
                .where(recorded.c.passed),
            ).cte("completed")  # fmt: skip
            found = (select(recorded.c.id, recorded.c.number).add_cte(completed),)
        else:
            passing = select(
                _ATTEMPTS.c.user_id, _ATTEMPTS.c.module_slug, _ATTEMPTS.c.submitted_at
            ).where(_ATTEMPTS.c.token == bindparam("token"), _ATTEMPTS.c.passed)
            found = (attempt, completion.from_select(_COMPLETION_FROM, passing))
        _RECORDING[dialect] = found
    return found


def _next_attempt() -> Insert:
    """The attempt given, numbered after the learner's last one; nothing goes in when that
    number would pass max_attempts, when the token is taken, or when another attempt took the
    number first. Gives (id, number)."""
    # The last number alone, in its own query: both databases then read one index entry, where
    # an aggregate with HAVING made SQLite step through every attempt of the learner.
    last = (
        select(func.max(_ATTEMPTS.c.number))
        .where(
            _ATTEMPTS.c.user_id == bindparam("user_id"),
            _ATTEMPTS.c.module_slug == bindparam("module_slug"),
        )
        .scalar_subquery()
    )
    following = select((func.coalesce(last, 0) + 1).label("number")).subquery("following")
    given = [bindparam(name, type_=_ATTEMPTS.c[name].type) for name in _RECORDED]
    source = select(*given, following.c.number).where(
        following.c.number <= bindparam("max_attempts")
    )
    return (
        unless_present(QuizAttempt)
        .from_select([*_RECORDED, "number"], source)
        .returning(_ATTEMPTS.c.id, _ATTEMPTS.c.number)
    )
