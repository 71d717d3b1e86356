"""Issuing, finding and revoking certificates, free of HTTP."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.content import Module
from lms.core.names import unprintable
from lms.extensions import db
from lms.models import Certificate, Cohort, CohortModule, Enrolment, User
from lms.models.base import utcnow
from lms.records.course import attended_by, course_status_of, sessions_total
from lms.records.results import results_for


class NotEarned(Exception):
    """The learner has not completed what the certificate would attest."""


class NotPrintable(Exception):
    """The name holds characters no certificate font can draw (given in `characters`)."""

    def __init__(self, characters: list[str]) -> None:
        super().__init__(" ".join(characters))
        self.characters = characters


def new_code() -> str:
    """About 95 bits of randomness, in characters easy to read out and type."""
    return secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")


def by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def _existing(user_id: int, subject: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id, Certificate.subject == subject)
    )


def _issue(user: User, subject: str, **fields) -> Certificate:
    """The certificate for this subject, created once; racing requests get the same one."""
    existing = _existing(user.id, subject)
    if existing is not None:
        return existing
    if unprintable(user.name):
        raise NotPrintable(unprintable(user.name))
    certificate = Certificate(
        code=new_code(), user_id=user.id, subject=subject, name=user.name, **fields
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return _existing(user.id, subject) or _issue(user, subject, **fields)
    return certificate


def module_certificate(user: User, module: Module) -> Certificate:
    completed_at = results_for(user.id, [module])[module.slug].completed_at
    if completed_at is None:
        raise NotEarned
    cohort_id = db.session.scalar(
        select(Enrolment.cohort_id)
        .join(CohortModule, CohortModule.cohort_id == Enrolment.cohort_id)
        .where(Enrolment.user_id == user.id, CohortModule.module_slug == module.slug)
        .order_by(Enrolment.enrolled_at.desc())
        .limit(1)
    )
    return _issue(
        user,
        f"module:{module.slug}",
        module_slug=module.slug,
        cohort_id=cohort_id,
        completed_at=completed_at,
    )


def course_certificate(user: User, cohort: Cohort, modules: Sequence[Module]) -> Certificate:
    """`modules`: the cohort's, from the catalogue."""
    results = results_for(user.id, modules)
    attended = attended_by(cohort.id, [user.id]).get(user.id, 0)
    if not course_status_of(cohort, results, attended, sessions_total(cohort.id)).completed:
        raise NotEarned
    completed = [result.completed_at for result in results.values() if result.completed_at]
    return _issue(
        user,
        f"course:{cohort.id}",
        cohort_id=cohort.id,
        completed_at=max(completed, default=utcnow()),
    )


def revoke(certificate: Certificate) -> None:
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()


def holder_erased(certificate: Certificate) -> bool:
    """Whether the account it was issued to has been erased since."""
    erased_at = db.session.scalar(select(User.erased_at).where(User.id == certificate.user_id))
    return erased_at is not None
