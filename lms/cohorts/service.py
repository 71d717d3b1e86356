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
from lms.models.base import utcnow
from lms.records.enrolment import enrolled_counts, is_enrolled
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
    """Make the cohort's modules these, in this order: modules kept keep their row (updated in
    place), modules dropped are removed, new ones are added."""
    by_slug = {item.module_slug: item for item in cohort.modules}
    wanted = [plan.slug for plan in modules]
    kept = []
    for position, plan in enumerate(modules, start=1):
        item = by_slug.get(plan.slug) or CohortModule(module_slug=plan.slug)
        item.position = position
        item.opens_on = plan.opens_on
        kept.append(item)
    cohort.modules = kept  # the relationship's delete-orphan cascade removes the others
    for slug, item in by_slug.items():
        if slug not in wanted and item in db.session:
            db.session.delete(item)


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

ENROLLED, RESTORED, ALREADY, INVITED = "enrolled", "restored", "already", "invited"


def enrol(cohort_id: int, user_id: int, *, accepted: bool = True) -> str:
    """Enrol a learner, or only invite them (`accepted=False`: an existing account added by a
    facilitator, whose records stay private until they accept). Returns "enrolled", "restored"
    (was unenrolled), "invited" or "already" (enrolled, or invited again). Race-safe."""
    existing = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.user_id == user_id)
    )
    now = utcnow()
    if existing is None:
        inserted = insert_if_absent(
            Enrolment, cohort_id=cohort_id, user_id=user_id, accepted_at=now if accepted else None
        )
        if inserted:
            return ENROLLED if accepted else INVITED
        return enrol(cohort_id, user_id, accepted=accepted)  # a racing request inserted it
    if existing.withdrawn_at is not None:
        existing.withdrawn_at = None
        if accepted and existing.accepted_at is None:
            existing.accepted_at = now
        return RESTORED if existing.accepted_at else INVITED
    if existing.accepted_at is None and accepted:
        existing.accepted_at = now
        return ENROLLED
    return ALREADY


def accept_invitation(cohort_id: int, user_id: int) -> bool:
    """The learner accepts a facilitator's invitation; True when there was one to accept."""
    enrolment = _pending(cohort_id, user_id)
    if enrolment is None:
        return False
    enrolment.accepted_at = utcnow()
    return True


def decline_invitation(cohort_id: int, user_id: int) -> bool:
    """The learner declines: the invitation is gone, and nothing of theirs was shared."""
    enrolment = _pending(cohort_id, user_id)
    if enrolment is None:
        return False
    db.session.delete(enrolment)
    return True


def is_invited(cohort_id: int, user_id: int) -> bool:
    return _pending(cohort_id, user_id) is not None


def _pending(cohort_id: int, user_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort_id,
            Enrolment.user_id == user_id,
            Enrolment.withdrawn_at.is_(None),
            Enrolment.accepted_at.is_(None),
        )
    )


@dataclass(frozen=True)
class Added:
    user: User
    outcome: str  # ENROLLED, RESTORED, INVITED or ALREADY
    link_token: str | None = None  # a new account's single-use link to set its password


def add_learner(cohort_id: int, email: str, name: str = "", **details) -> Added:
    """Add a person by email, from the learners page or a CSV row alike.

    A new account is created, with a single-use link to set its password, and enrolled. An
    existing account is invited: its records stay private until its owner accepts. `details`
    (locale, country, institution, department) only fill a new account.
    """
    user = auth_service.find_user_by_email(email)
    if user is not None:
        return Added(user, enrol(cohort_id, user.id, accepted=False))
    try:
        user, token = auth_service.invite(email, name.strip() or email.split("@")[0], **details)
    except auth_service.EmailTaken:  # created by a request that came first: invite it
        return add_learner(cohort_id, email, name, **details)
    return Added(user, enrol(cohort_id, user.id), token)


def unenrol(cohort_id: int, user_id: int) -> bool:
    """Withdraw a learner; their progress, attempts and attendance stay."""
    enrolment = db.session.scalar(
        select(Enrolment).where(
            Enrolment.cohort_id == cohort_id,
            Enrolment.user_id == user_id,
            Enrolment.withdrawn_at.is_(None),  # an enrolment, or an invitation not answered yet
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
    if cohort.places is not None:
        # One at a time per cohort, so a crowd joining at once cannot pass the cap together
        # (PostgreSQL locks the row; SQLite's writers already take turns).
        db.session.execute(select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())
        if enrolled_count(cohort.id) >= cohort.places:
            raise SelfEnrolmentRefused("full")
    return cohort, enrol(cohort.id, user_id)
