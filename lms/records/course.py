"""A learner's standing in a cohort: the course completion rule, attendance, on track."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select

from lms.content import Module
from lms.extensions import db
from lms.models import Attendance, Cohort, LiveSession, ModuleCompletion
from lms.records.enrolment import enrolled
from lms.records.results import Results, results_for
from lms.records.status import CourseStatus, on_track
from lms.timezones import time_zone


def sessions_total(cohort_id: int) -> int:
    return db.session.scalar(select(func.count()).where(LiveSession.cohort_id == cohort_id)) or 0


def attended_by(cohort_id: int, learners) -> dict[int, int]:
    """Live sessions of the cohort each of these learners attended (a subquery or ids)."""
    return dict(
        db.session.execute(
            select(Attendance.user_id, func.count())
            .join(LiveSession, LiveSession.id == Attendance.session_id)
            .where(LiveSession.cohort_id == cohort_id, Attendance.user_id.in_(learners))
            .group_by(Attendance.user_id)
        ).all()
    )


def course_status_of(
    cohort: Cohort, results: Results, attended: int, sessions: int
) -> CourseStatus:
    """The completion rule applied to a learner's results in the cohort's modules."""
    return CourseStatus(
        modules_completed=sum(1 for result in results.values() if result.completed_at),
        modules_total=len(cohort.modules),
        sessions_attended=attended,
        sessions_total=sessions,
        attendance_required=cohort.attendance_required,
    )


def course_status(cohort: Cohort, user_id: int, modules: Sequence[Module]) -> CourseStatus:
    """Where one learner stands in one cohort (`modules`: the cohort's, from the catalogue)."""
    return course_status_of(
        cohort,
        results_for(user_id, modules),
        attended_by(cohort.id, [user_id]).get(user_id, 0),
        sessions_total(cohort.id),
    )


def due_modules(cohort: Cohort, moment: date) -> tuple[str, ...]:
    """The cohort's modules a learner should have completed by `moment`."""
    return tuple(
        item.module_slug
        for item in cohort.modules
        if (item.opens_on or cohort.starts_on) + timedelta(days=7) <= moment
    )


def on_track_shares(cohort: Cohort, moments: Sequence[date]) -> list[float | None]:
    """For each moment, the share of the cohort's learners on track then (None: no learner).

    Two queries: the learners, and their completions in the cohort's modules.
    """
    members = list(db.session.scalars(enrolled(cohort.id)))
    if not members:
        return [None for _moment in moments]
    zone = time_zone(cohort.timezone)
    completed_on: dict[int, dict[str, date]] = {user_id: {} for user_id in members}
    slugs = [item.module_slug for item in cohort.modules]
    for user_id, slug, at in db.session.execute(
        select(
            ModuleCompletion.user_id, ModuleCompletion.module_slug, ModuleCompletion.completed_at
        )
        .where(ModuleCompletion.user_id.in_(enrolled(cohort.id)))
        .where(ModuleCompletion.module_slug.in_(slugs))
    ):
        completed_on[user_id][slug] = at.astimezone(zone).date()
    shares: list[float | None] = []
    for moment in moments:
        due = due_modules(cohort, moment)
        count = sum(1 for user_id in members if on_track(completed_on[user_id], due, moment))
        shares.append(count / len(members))
    return shares
