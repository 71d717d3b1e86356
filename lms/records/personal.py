"""Everything the platform records about one person, as plain rows: the content of their data
export. Every table that holds a person's id is read here, so nothing of theirs is left out, and
every query names the person, so nothing of anyone else comes in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ScalarSelect, func, select

from lms.extensions import db
from lms.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortFacilitator,
    Enrolment,
    LessonProgress,
    LiveSession,
    ModuleCompletion,
    QuizAttempt,
    User,
)

Row = dict[str, object]


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


@dataclass
class PersonalRecords:
    """Rows by kind, each a dict of plain values (text, numbers, ISO 8601 times in UTC)."""

    account: Row
    enrolments: list[Row] = field(default_factory=list)
    facilitated_cohorts: list[Row] = field(default_factory=list)
    lesson_progress: list[Row] = field(default_factory=list)
    module_completions: list[Row] = field(default_factory=list)
    quiz_attempts: list[Row] = field(default_factory=list)
    quiz_answers: list[Row] = field(default_factory=list)
    attendance: list[Row] = field(default_factory=list)
    certificates: list[Row] = field(default_factory=list)

    def tables(self) -> dict[str, list[Row]]:
        """Every kind of record but the account, by name."""
        return {
            "enrolments": self.enrolments,
            "facilitated_cohorts": self.facilitated_cohorts,
            "lesson_progress": self.lesson_progress,
            "module_completions": self.module_completions,
            "quiz_attempts": self.quiz_attempts,
            "quiz_answers": self.quiz_answers,
            "attendance": self.attendance,
            "certificates": self.certificates,
        }


def account_row(user: User) -> Row:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "language": user.locale or "",
        "time_zone": user.timezone or "",
        "country": user.country,
        "institution": user.institution,
        "department": user.department,
        "created_at": _when(user.created_at),
        "has_password": user.password_hash is not None,
    }


def records_of(user: User) -> PersonalRecords:
    """One query per kind of record, each for this person only."""
    found = PersonalRecords(account=account_row(user))
    for enrolment, name in db.session.execute(
        select(Enrolment, Cohort.name)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.enrolled_at)
    ):
        found.enrolments.append({
            "cohort_id": enrolment.cohort_id, "cohort": name,
            "enrolled_at": _when(enrolment.enrolled_at),
            "accepted_at": _when(enrolment.accepted_at),
            "withdrawn_at": _when(enrolment.withdrawn_at),
        })  # fmt: skip
    for cohort_id, name in db.session.execute(
        select(Cohort.id, Cohort.name)
        .join(CohortFacilitator, CohortFacilitator.cohort_id == Cohort.id)
        .where(CohortFacilitator.user_id == user.id)
        .order_by(Cohort.id)
    ):
        found.facilitated_cohorts.append({"cohort_id": cohort_id, "cohort": name})
    for lesson in db.session.scalars(
        select(LessonProgress)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.completed_at, LessonProgress.id)
    ):
        found.lesson_progress.append({
            "module": lesson.module_slug, "lesson": lesson.lesson_id,
            "completed_at": _when(lesson.completed_at),
        })  # fmt: skip
    for completion in db.session.scalars(
        select(ModuleCompletion)
        .where(ModuleCompletion.user_id == user.id)
        .order_by(ModuleCompletion.completed_at)
    ):
        found.module_completions.append(
            {"module": completion.module_slug, "completed_at": _when(completion.completed_at)}
        )
    for attempt in db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.module_slug, QuizAttempt.number)
    ):
        found.quiz_attempts.append({
            "module": attempt.module_slug, "attempt": attempt.number,
            "language": attempt.language, "submitted_at": _when(attempt.submitted_at),
            "points": attempt.points, "max_points": attempt.max_points,
            "percent": attempt.percent, "passed": attempt.passed,
        })  # fmt: skip
        for question_id, answer in sorted(attempt.answers.items()):
            found.quiz_answers.append({
                "module": attempt.module_slug, "attempt": attempt.number,
                "question": question_id, "selected": " ".join(answer.get("selected", ())),
                "points": answer.get("points", 0.0),
            })  # fmt: skip
    for title, starts_at, cohort_name, recorded_at in db.session.execute(
        select(LiveSession.title, LiveSession.starts_at, Cohort.name, Attendance.recorded_at)
        .join(LiveSession, LiveSession.id == Attendance.session_id)
        .join(Cohort, Cohort.id == LiveSession.cohort_id)
        .where(Attendance.user_id == user.id)
        .order_by(LiveSession.starts_at)
    ):
        found.attendance.append({
            "cohort": cohort_name, "session": title, "starts_at": _when(starts_at),
            "recorded_at": _when(recorded_at),
        })  # fmt: skip
    for certificate in db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.issued_at)
    ):
        found.certificates.append({
            "code": certificate.code, "subject": certificate.subject,
            "name": certificate.name, "completed_at": _when(certificate.completed_at),
            "issued_at": _when(certificate.issued_at),
            "revoked_at": _when(certificate.revoked_at),
        })  # fmt: skip
    return found


@dataclass(frozen=True)
class RecordCounts:
    enrolments: int
    lessons: int
    attempts: int
    attendance: int
    certificates: int

    @property
    def total(self) -> int:
        return self.enrolments + self.lessons + self.attempts + self.attendance + self.certificates


def counts_of(user_id: int) -> RecordCounts:
    """How many records of each kind the person has, in one query."""

    def count(model) -> ScalarSelect[int]:
        return select(func.count()).where(model.user_id == user_id).scalar_subquery()

    kinds = (Enrolment, LessonProgress, QuizAttempt, Attendance, Certificate)
    row = db.session.execute(select(*(count(model) for model in kinds))).one()
    return RecordCounts(*(int(value) for value in row))
