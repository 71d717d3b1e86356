"""The cohort completion report, streamed: a fixed number of queries whatever the cohort's size,
and rows produced one learner at a time rather than built in memory."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from lms.content import Module
from lms.extensions import db
from lms.models import Cohort, Enrolment, User
from lms.records.course import attended_by, course_status_of, sessions_total
from lms.records.enrolment import ENROLLED_NOW, enrolled
from lms.records.results import BATCH, ModuleResult, walker
from lms.records.status import COMPLETED, IN_PROGRESS, NOT_STARTED, STATUSES, CourseStatus
from lms.timezones import time_zone


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
    erased: bool = False  # an erased account: no name, no email to show
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
    completions_outside_weeks: int = 0  # before the cohort's start or after its end

    @property
    def completion_rate(self) -> float:
        return self.completed / self.enrolled if self.enrolled else 0.0


def report_rows(cohort: Cohort, modules: list[Module]) -> Iterator[ReportRow]:
    """One row per enrolled learner, by user id, in four queries whatever the cohort's size:
    the people, their results (streamed alongside), their attendance, the number of sessions."""
    members = enrolled(cohort.id)
    results_of = walker(members, modules)
    attended = attended_by(cohort.id, members)
    sessions = sessions_total(cohort.id)
    people = db.session.execute(
        select(
            User.id,
            User.name,
            User.email,
            User.country,
            User.institution,
            Enrolment.enrolled_at,
            User.erased_at.is_not(None),
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id, ENROLLED_NOW)
        .order_by(User.id)
        .execution_options(yield_per=BATCH)
    )
    for user_id, name, email, country, institution, enrolled_at, erased in people:
        results = results_of(user_id)
        row = ReportRow(
            user_id,
            name,
            email,
            country,
            institution,
            enrolled_at,
            results,
            attended.get(user_id, 0),
            erased,
        )
        _overall(row, course_status_of(cohort, results, row.sessions_attended, sessions))
        yield row


def _overall(row: ReportRow, course: CourseStatus) -> None:
    """The learner's overall status: the cohort's completion rule, as their own page shows it."""
    results = list(row.modules.values())
    if results and course.completed:
        row.status = COMPLETED
        row.completed_at = max(result.completed_at for result in results if result.completed_at)
    elif any(result.status != NOT_STARTED for result in results) or row.sessions_attended:
        row.status = IN_PROGRESS


def week_count(cohort: Cohort) -> int:
    return (cohort.ends_on - cohort.starts_on).days // 7 + 1


def week_of(cohort: Cohort, moment: datetime) -> int | None:
    day = moment.astimezone(time_zone(cohort.timezone)).date()
    if not cohort.starts_on <= day <= cohort.ends_on:
        return None
    return (day - cohort.starts_on).days // 7


def week_start(cohort: Cohort, index: int) -> date:
    return cohort.starts_on + timedelta(days=7 * index)


def summarise(rows: Iterator[ReportRow], cohort: Cohort, slugs: list[str]) -> Summary:
    """The summary of a report, in one pass over its rows."""
    summary = Summary(
        modules={slug: ModuleSummary() for slug in slugs},
        status_counts={slug: dict.fromkeys(STATUSES, 0) for slug in slugs},
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
                if week is None:
                    summary.completions_outside_weeks += 1
                else:
                    summary.completions_by_week[week] += 1
    return summary
