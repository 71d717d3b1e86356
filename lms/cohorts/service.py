"""Cohort rules, free of HTTP: status, schedule, who may see what, enrolment."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from lms.auth import service as auth_service
from lms.core.database import insert_if_absent
from lms.extensions import db
from lms.models import Cohort, CohortFacilitator, CohortModule, Enrolment, User
from lms.records.enrolment import ENROLLED_NOW, enrolled_counts, is_enrolled
from lms.records.opening import today_in

DRAFT, OPEN, RUNNING, FINISHED = "draft", "open", "running", "finished"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def status(cohort: Cohort, today: date | None = None) -> str:
    """Draft until published; then open for enrolment before it starts, running, finished."""
    if not cohort.published:
        return DRAFT
    today = today or today_in(cohort.timezone)
    if today < cohort.starts_on:
        return OPEN
    return RUNNING if today <= cohort.ends_on else FINISHED


# Who may see what


def facilitates(user: User, cohort_id: int) -> bool:
    """Admins see every cohort; a facilitator only the cohorts they facilitate."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    if user.role != "facilitator":
        return False
    return (
        db.session.get(CohortFacilitator, {"cohort_id": cohort_id, "user_id": user.id}) is not None
    )


def cohorts_facilitated_by(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)
    if not user.is_admin:
        query = query.join(CohortFacilitator).where(CohortFacilitator.user_id == user.id)
    return list(db.session.scalars(query))


def facilitators_of(cohort_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CohortFacilitator, CohortFacilitator.user_id == User.id)
            .where(CohortFacilitator.cohort_id == cohort_id)
            .order_by(User.name)
        )
    )


# Creating and changing cohorts


@dataclass(frozen=True)
class ModulePlan:
    slug: str
    opens_on: date | None = None


def create_cohort(
    *,
    name: str,
    language: str,
    starts_on: date,
    ends_on: date,
    timezone: str,
    modules: Sequence[ModulePlan],
    facilitators: Iterable[User] = (),
    **details,
) -> Cohort:
    cohort = Cohort(
        name=name,
        language=language,
        starts_on=starts_on,
        ends_on=ends_on,
        timezone=timezone,
        **details,
    )
    set_modules(cohort, modules)
    db.session.add(cohort)
    db.session.flush()
    for user in facilitators:
        add_facilitator(cohort, user)
    return cohort


def set_modules(cohort: Cohort, modules: Sequence[ModulePlan]) -> None:
    """Replace the cohort's modules, in this order."""
    by_slug = {item.module_slug: item for item in cohort.modules}
    cohort.modules = []
    db.session.flush()
    for position, plan in enumerate(modules, start=1):
        item = by_slug.get(plan.slug) or CohortModule(module_slug=plan.slug)
        item.position = position
        item.opens_on = plan.opens_on
        cohort.modules.append(item)


def add_facilitator(cohort: Cohort, user: User) -> bool:
    """True when newly added."""
    if user.role == "learner":
        user.role = "facilitator"
    return insert_if_absent(CohortFacilitator, cohort_id=cohort.id, user_id=user.id)


def new_enrolment_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def open_self_enrolment(cohort: Cohort) -> str:
    """Switch self-enrolment on with a new code (the old code stops working)."""
    cohort.enrolment_code = new_enrolment_code()
    return cohort.enrolment_code


def close_self_enrolment(cohort: Cohort) -> None:
    cohort.enrolment_code = None


# Enrolment

ENROLLED, RESTORED, ALREADY = "enrolled", "restored", "already"


def enrol(cohort_id: int, user_id: int) -> str:
    """Enrol a learner: "enrolled", "restored" (was unenrolled) or "already". Race-safe."""
    existing = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.user_id == user_id)
    )
    if existing is not None:
        if existing.withdrawn_at is None:
            return ALREADY
        existing.withdrawn_at = None
        return RESTORED
    inserted = insert_if_absent(Enrolment, cohort_id=cohort_id, user_id=user_id)
    return ENROLLED if inserted else ALREADY


@dataclass(frozen=True)
class Added:
    user: User
    outcome: str  # ENROLLED, RESTORED or ALREADY
    link_token: str | None = None  # a new account's single-use link to set its password


def add_learner(cohort_id: int, email: str, name: str = "", **details) -> Added:
    """Enrol a person by email, from the learners page or a CSV row alike. A new account is
    created with a single-use link to set its password; `details` (locale, country,
    institution, department) only fill a new account."""
    user = auth_service.find_user_by_email(email)
    token = None
    if user is None:
        user, token = auth_service.invite(email, name.strip() or email.split("@")[0], **details)
    return Added(user, enrol(cohort_id, user.id), token)


def unenrol(cohort_id: int, user_id: int) -> bool:
    """Withdraw a learner; their progress, attempts and attendance stay."""
    enrolment = db.session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort_id, Enrolment.user_id == user_id, ENROLLED_NOW
        )
    )
    if enrolment is None:
        return False
    enrolment.withdrawn_at = datetime.now(UTC)
    return True


def enrolled_count(cohort_id: int) -> int:
    return enrolled_counts([cohort_id])[cohort_id]


class SelfEnrolmentRefused(Exception):
    """Why a learner could not enrol with a code: `reason` is "unknown", "closed" or "full"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def self_enrol(code: str, user_id: int) -> tuple[Cohort, str]:
    cohort = db.session.scalar(select(Cohort).where(Cohort.enrolment_code == code.strip().upper()))
    if cohort is None or not code.strip():
        raise SelfEnrolmentRefused("unknown")
    if status(cohort) not in (OPEN, RUNNING):
        raise SelfEnrolmentRefused("closed")
    if is_enrolled(user_id, cohort.id):
        return cohort, ALREADY
    if cohort.places is not None and enrolled_count(cohort.id) >= cohort.places:
        raise SelfEnrolmentRefused("full")
    return cohort, enrol(cohort.id, user_id)
