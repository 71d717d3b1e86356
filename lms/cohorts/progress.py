"""The facilitator's view of a cohort's progress, in a fixed number of queries.

Filters, sorting and totals run in the database on the records layer's events; the cells of the
page's learners come from the records layer's results, so both follow the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, func, literal, or_, select

from lms.content import Module
from lms.extensions import db
from lms.models import ModuleCompletion, User
from lms.models.base import utcnow
from lms.records.enrolment import enrolled
from lms.records.results import ModuleResult, last_activity, module_totals, results_by_learner

PAGE_SIZE = 50
FILTERS = ("all", "not_started", "inactive", "completed")
SORTS = ("name", "email", "activity", "completed")


@dataclass
class GridRow:
    user: User
    last_activity: datetime | None
    modules_completed: int
    cells: dict[str, ModuleResult] = field(default_factory=dict)


@dataclass
class Grid:
    rows: list[GridRow]
    total: int  # learners matching the filter
    page: int
    pages: int
    enrolled: int
    started: dict[str, int]  # per module, across the whole cohort
    completed: dict[str, int]


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
    members = enrolled(cohort_id)
    activity = last_activity(members, modules)
    done = (
        select(ModuleCompletion.user_id, func.count().label("n"))
        .where(ModuleCompletion.module_slug.in_(slugs), ModuleCompletion.user_id.in_(members))
        .group_by(ModuleCompletion.user_id)
        .subquery()
    )
    completed_count = func.coalesce(done.c.n, literal(0))
    query: Select[User, datetime | None, int] = (
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
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
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
    results = results_by_learner([row.user.id for row in rows], modules)
    for row in rows:
        row.cells = results[row.user.id]
    totals = module_totals(members, modules)
    count = db.session.scalar(select(func.count()).select_from(members.subquery())) or 0
    return Grid(
        rows,
        total,
        page,
        pages,
        count,
        {slug: totals[slug]["started"] for slug in slugs},
        {slug: totals[slug]["completed"] for slug in slugs},
    )
