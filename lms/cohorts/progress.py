"""The facilitator's view of a cohort's progress, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, literal, or_, select, union_all

from lms.content import Module
from lms.extensions import db
from lms.learn.service import ModuleResult
from lms.models import Enrolment, LessonProgress, ModuleCompletion, QuizAttempt, User
from lms.models.base import utcnow

PAGE_SIZE = 50
FILTERS = ("all", "not_started", "inactive", "completed")
SORTS = ("name", "email", "activity", "completed")


@dataclass
class Cell(ModuleResult):
    lessons_total: int = 0

    @property
    def share(self) -> float:
        return self.lessons_done / self.lessons_total if self.lessons_total else 0.0


@dataclass
class GridRow:
    user: User
    last_activity: datetime | None
    modules_completed: int
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Grid:
    rows: list[GridRow]
    total: int  # learners matching the filter
    page: int
    pages: int
    enrolled: int
    started: dict[str, int]  # per module, across the whole cohort
    completed: dict[str, int]


def _activity(user_ids, slugs):
    """Per learner, the time of their last lesson completed or quiz submitted in these modules."""
    events = union_all(
        select(LessonProgress.user_id.label("user_id"), LessonProgress.completed_at.label("at"))
        .where(LessonProgress.module_slug.in_(slugs))
        .where(LessonProgress.user_id.in_(user_ids)),
        select(QuizAttempt.user_id.label("user_id"), QuizAttempt.submitted_at.label("at"))
        .where(QuizAttempt.module_slug.in_(slugs))
        .where(QuizAttempt.user_id.in_(user_ids)),
    ).subquery()
    return (
        select(events.c.user_id, func.max(events.c.at).label("at"))
        .group_by(events.c.user_id)
        .subquery()
    )


def cohort_grid(
    cohort_id: int,
    modules: list[Module],
    *,
    filter_by: str = "all",
    inactive_days: int = 14,
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    now: datetime | None = None,
) -> Grid:
    slugs = [module.slug for module in modules]
    members = select(Enrolment.user_id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.withdrawn_at.is_(None)
    )
    activity = _activity(members, slugs)
    done = (
        select(ModuleCompletion.user_id, func.count().label("n"))
        .where(ModuleCompletion.module_slug.in_(slugs), ModuleCompletion.user_id.in_(members))
        .group_by(ModuleCompletion.user_id)
        .subquery()
    )
    completed_count = func.coalesce(done.c.n, literal(0))
    query = (
        select(User, activity.c.at, completed_count)
        .where(User.id.in_(members))
        .outerjoin(activity, activity.c.user_id == User.id)
        .outerjoin(done, done.c.user_id == User.id)
    )
    if filter_by == "not_started":
        query = query.where(activity.c.at.is_(None))
    elif filter_by == "inactive":
        cutoff = (now or utcnow()) - timedelta(days=inactive_days)
        query = query.where(or_(activity.c.at.is_(None), activity.c.at < cutoff))
    elif filter_by == "completed":
        query = query.where(and_(completed_count >= len(slugs), literal(len(slugs)) > 0))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    order = {
        "name": func.lower(User.name),
        "email": User.email,
        "activity": activity.c.at,
        "completed": completed_count,
    }[sort if sort in SORTS else "name"]
    # Learners with no activity come last either way, on SQLite as on PostgreSQL.
    order = (order.desc() if descending else order.asc()).nulls_last()
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    rows = [
        GridRow(user, at, n)
        for user, at, n in db.session.execute(
            query.order_by(order, User.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    ]
    _fill_cells(rows, modules)
    started, completed = _column_totals(members, slugs)
    enrolled = db.session.scalar(select(func.count()).select_from(members.subquery()))
    return Grid(rows, total, page, pages, enrolled, started, completed)


def _fill_cells(rows: list[GridRow], modules: list[Module]) -> None:
    """Three queries for the page's learners: lessons, quiz attempts, completions."""
    by_user = {row.user.id: row for row in rows}
    lesson_ids = {module.slug: set(module.lesson_ids) for module in modules}
    for row in rows:
        row.cells = {module.slug: Cell(lessons_total=len(module.lesson_ids)) for module in modules}
    if not rows:
        return
    ids, slugs = list(by_user), list(lesson_ids)
    for user_id, slug, lesson_id in db.session.execute(
        select(LessonProgress.user_id, LessonProgress.module_slug, LessonProgress.lesson_id).where(
            LessonProgress.user_id.in_(ids), LessonProgress.module_slug.in_(slugs)
        )
    ):
        if lesson_id in lesson_ids[slug]:
            by_user[user_id].cells[slug].lessons_done += 1
    for user_id, slug, best, count in db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.module_slug,
            func.max(QuizAttempt.percent),
            func.count(QuizAttempt.id),
        )
        .where(QuizAttempt.user_id.in_(ids), QuizAttempt.module_slug.in_(slugs))
        .group_by(QuizAttempt.user_id, QuizAttempt.module_slug)
    ):
        cell = by_user[user_id].cells[slug]
        cell.best_percent, cell.attempts = best, count
    for user_id, slug, at in db.session.execute(
        select(
            ModuleCompletion.user_id, ModuleCompletion.module_slug, ModuleCompletion.completed_at
        ).where(ModuleCompletion.user_id.in_(ids), ModuleCompletion.module_slug.in_(slugs))
    ):
        by_user[user_id].cells[slug].completed_at = at


def _column_totals(members, slugs: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Per module, how many of the cohort's learners started it and completed it."""
    started = dict.fromkeys(slugs, 0)
    completed = dict.fromkeys(slugs, 0)
    starters = union_all(
        select(LessonProgress.user_id, LessonProgress.module_slug).where(
            LessonProgress.user_id.in_(members), LessonProgress.module_slug.in_(slugs)
        ),
        select(QuizAttempt.user_id, QuizAttempt.module_slug).where(
            QuizAttempt.user_id.in_(members), QuizAttempt.module_slug.in_(slugs)
        ),
    ).subquery()
    for slug, count in db.session.execute(
        select(starters.c.module_slug, func.count(func.distinct(starters.c.user_id))).group_by(
            starters.c.module_slug
        )
    ):
        started[slug] = count
    for slug, count in db.session.execute(
        select(ModuleCompletion.module_slug, func.count())
        .where(ModuleCompletion.user_id.in_(members), ModuleCompletion.module_slug.in_(slugs))
        .group_by(ModuleCompletion.module_slug)
    ):
        completed[slug] = count
    return started, completed
