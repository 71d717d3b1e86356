"""The cohort completion report, streamed: a fixed number of queries whatever the cohort's size,
and rows produced one learner at a time rather than built in memory."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select

from lms.cohorts.schedule import CourseStatus
from lms.content import Module
from lms.extensions import db
from lms.learn.service import COMPLETED, IN_PROGRESS, NOT_STARTED, ModuleResult
from lms.models import (
    Attendance,
    Cohort,
    Enrolment,
    LessonProgress,
    LiveSession,
    ModuleCompletion,
    QuizAttempt,
    User,
)

BATCH = 1000


@dataclass
class ReportRow:
    user_id: int
    name: str
    email: str
    country: str
    institution: str
    enrolled_at: datetime
    modules: dict[str, ModuleResult]
    sessions_attended: int
    status: str = NOT_STARTED
    completed_at: datetime | None = None


@dataclass
class ModuleSummary:
    started: int = 0
    completed: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def average_score(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median_score(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None


@dataclass
class Summary:
    enrolled: int = 0
    started: int = 0
    completed: int = 0
    modules: dict[str, ModuleSummary] = field(default_factory=dict)
    status_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # slug -> status -> n
    completions_by_week: list[int] = field(default_factory=list)  # module completions per week

    @property
    def completion_rate(self) -> float:
        return self.completed / self.enrolled if self.enrolled else 0.0


def _members(cohort_id: int):
    return select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.withdrawn_at.is_(None)
    )


def _stream(query) -> Iterator[tuple[int, list]]:
    """(user_id, rows) in user order, fetched in batches."""
    rows = db.session.execute(query.execution_options(yield_per=BATCH))
    for user_id, group in groupby(rows, key=lambda row: row[0]):
        yield user_id, list(group)


def _merged(stream: Iterator[tuple[int, list]]):
    """Look up one user's rows from an ordered stream, advancing as users go by in order."""
    pending = next(stream, None)

    def rows_for(user_id: int) -> list:
        nonlocal pending
        while pending is not None and pending[0] < user_id:
            pending = next(stream, None)
        if pending is not None and pending[0] == user_id:
            found, pending = pending[1], next(stream, None)
            return found
        return []

    return rows_for


def report_rows(cohort: Cohort, modules: list[Module]) -> Iterator[ReportRow]:
    """One row per enrolled learner, by user id, in six queries whatever the cohort's size."""
    slugs = [module.slug for module in modules]
    members = _members(cohort.id)
    in_lessons = or_(
        False,
        *(
            and_(
                LessonProgress.module_slug == module.slug,
                LessonProgress.lesson_id.in_(module.lesson_ids),
            )
            for module in modules
        ),
    )
    lessons = _merged(
        _stream(
            select(LessonProgress.user_id, LessonProgress.module_slug, func.count())
            .where(LessonProgress.user_id.in_(members), in_lessons)
            .group_by(LessonProgress.user_id, LessonProgress.module_slug)
            .order_by(LessonProgress.user_id)
        )
    )
    attempts = _merged(
        _stream(
            select(
                QuizAttempt.user_id,
                QuizAttempt.module_slug,
                func.max(QuizAttempt.percent),
                func.count(),
            )
            .where(QuizAttempt.user_id.in_(members), QuizAttempt.module_slug.in_(slugs))
            .group_by(QuizAttempt.user_id, QuizAttempt.module_slug)
            .order_by(QuizAttempt.user_id)
        )
    )
    completions = _merged(
        _stream(
            select(
                ModuleCompletion.user_id,
                ModuleCompletion.module_slug,
                ModuleCompletion.completed_at,
            )
            .where(ModuleCompletion.user_id.in_(members), ModuleCompletion.module_slug.in_(slugs))
            .order_by(ModuleCompletion.user_id)
        )
    )
    attendance = _merged(
        _stream(
            select(Attendance.user_id, func.count())
            .join(LiveSession, LiveSession.id == Attendance.session_id)
            .where(LiveSession.cohort_id == cohort.id, Attendance.user_id.in_(members))
            .group_by(Attendance.user_id)
            .order_by(Attendance.user_id)
        )
    )
    sessions_total = db.session.scalar(
        select(func.count()).where(LiveSession.cohort_id == cohort.id)
    )
    people = db.session.execute(
        select(
            User.id, User.name, User.email, User.country, User.institution, Enrolment.enrolled_at
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.withdrawn_at.is_(None))
        .order_by(User.id)
        .execution_options(yield_per=BATCH)
    )
    for user_id, name, email, country, institution, enrolled_at in people:
        results = {slug: ModuleResult() for slug in slugs}
        for _user, slug, count in lessons(user_id):
            results[slug].lessons_done = count
        for _user, slug, best, count in attempts(user_id):
            results[slug].best_percent, results[slug].attempts = best, count
        for _user, slug, at in completions(user_id):
            results[slug].completed_at = at
        attended = next((count for _user, count in attendance(user_id)), 0)
        row = ReportRow(user_id, name, email, country, institution, enrolled_at, results, attended)
        _overall(row, cohort, sessions_total)
        yield row


def _overall(row: ReportRow, cohort: Cohort, sessions_total: int) -> None:
    """The cohort's completion rule, as the learner's own cohort page applies it."""
    results = list(row.modules.values())
    course = CourseStatus(
        modules_completed=sum(1 for result in results if result.completed_at),
        modules_total=len(results),
        sessions_attended=row.sessions_attended,
        sessions_total=sessions_total,
        attendance_required=cohort.attendance_required,
    )
    if results and course.completed:
        row.status = COMPLETED
        row.completed_at = max(result.completed_at for result in results)
    elif any(result.status != NOT_STARTED for result in results) or row.sessions_attended:
        row.status = IN_PROGRESS


def week_count(cohort: Cohort) -> int:
    return (cohort.ends_on - cohort.starts_on).days // 7 + 1


def week_of(cohort: Cohort, moment: datetime) -> int | None:
    day = moment.astimezone(ZoneInfo(cohort.timezone)).date()
    if not cohort.starts_on <= day <= cohort.ends_on:
        return None
    return (day - cohort.starts_on).days // 7


def week_start(cohort: Cohort, index: int) -> date:
    return cohort.starts_on + timedelta(days=7 * index)


def summarise(rows: Iterator[ReportRow], cohort: Cohort, slugs: list[str]) -> Summary:
    """The summary of a report, in one pass over its rows."""
    statuses = (NOT_STARTED, IN_PROGRESS, COMPLETED)
    summary = Summary(
        modules={slug: ModuleSummary() for slug in slugs},
        status_counts={slug: dict.fromkeys(statuses, 0) for slug in slugs},
        completions_by_week=[0] * week_count(cohort),
    )
    for row in rows:
        summary.enrolled += 1
        summary.started += row.status != NOT_STARTED
        summary.completed += row.status == COMPLETED
        for slug, result in row.modules.items():
            module = summary.modules[slug]
            module.started += result.status != NOT_STARTED
            module.completed += result.status == COMPLETED
            summary.status_counts[slug][result.status] += 1
            if result.best_percent is not None:
                module.scores.append(result.best_percent)
            if result.completed_at is not None:
                week = week_of(cohort, result.completed_at)
                if week is not None:
                    summary.completions_by_week[week] += 1
    return summary
