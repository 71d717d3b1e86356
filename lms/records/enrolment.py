"""Who is enrolled where: the one definition of "currently enrolled"."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.models import Cohort, Enrolment
from lms.records.reads import Row, all_rows

# An enrolment that holds now: unenrolling sets withdrawn_at and keeps every record; an
# invitation to an existing account holds only once its owner accepted it.
ENROLLED_NOW = and_(Enrolment.withdrawn_at.is_(None), Enrolment.accepted_at.is_not(None))


def enrolled(cohort_ids: int | Iterable[int]) -> Select:
    """The ids of the learners enrolled now in these cohorts, as a subquery."""
    ids = [cohort_ids] if isinstance(cohort_ids, int) else list(cohort_ids)
    return select(Enrolment.user_id).where(Enrolment.cohort_id.in_(ids), ENROLLED_NOW)


def is_enrolled(user_id: int, cohort_id: int) -> bool:
    return db.session.scalar(enrolled(cohort_id).where(Enrolment.user_id == user_id)) is not None


def enrolled_counts(cohort_ids: Iterable[int]) -> dict[int, int]:
    """Learners enrolled now in each of these cohorts, in one query."""
    ids = list(cohort_ids)
    counts = dict.fromkeys(ids, 0)
    counts.update(
        db.session.execute(
            select(Enrolment.cohort_id, func.count())
            .where(Enrolment.cohort_id.in_(ids), ENROLLED_NOW)
            .group_by(Enrolment.cohort_id)
        ).all()
    )
    return counts


# Built once: building a query costs more than running it on a learner's page.
_COHORTS_AND_INVITATIONS = (
    select(Cohort.id, Cohort.name, Cohort.starts_on, Cohort.ends_on, Cohort.timezone,
           Enrolment.accepted_at)
    .join(Enrolment, Enrolment.cohort_id == Cohort.id)
    .where(Enrolment.user_id == bindparam("user_id"), Enrolment.withdrawn_at.is_(None))
    .where(Cohort.published.is_(True))
    .order_by(Cohort.starts_on, Cohort.id)
)  # fmt: skip
_LEARNER_COHORTS = (
    select(Cohort)
    .join(Enrolment, Enrolment.cohort_id == Cohort.id)
    .where(Enrolment.user_id == bindparam("user_id"), ENROLLED_NOW)
    .where(Cohort.published.is_(True))
    .order_by(Cohort.starts_on, Cohort.id)
    .options(selectinload(Cohort.modules))
)


def cohorts_and_invitations(user_id: int) -> tuple[list[Row], list[Row]]:
    """In one read outside any transaction: the published cohorts the learner is enrolled in now,
    and those that invite them and await their answer, each by start date (id, name, starts_on,
    ends_on, timezone)."""
    cohorts: list[Row] = []
    invitations: list[Row] = []
    for cohort in all_rows(_COHORTS_AND_INVITATIONS, user_id=user_id):
        (cohorts if cohort.accepted_at else invitations).append(cohort)
    return cohorts, invitations


def learner_cohorts(user_id: int) -> list[Cohort]:
    """The published cohorts a learner is enrolled in now, by start date."""
    return list(db.session.scalars(_LEARNER_COHORTS, {"user_id": user_id}))
