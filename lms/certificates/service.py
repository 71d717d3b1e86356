"""Issuing, finding and revoking certificates, free of HTTP."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.cohorts import schedule
from lms.extensions import db
from lms.models import Certificate, Cohort, CohortModule, Enrolment, ModuleCompletion, User
from lms.models.base import utcnow


class NotEarned(Exception):
    """The learner has not completed what the certificate would attest."""


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
    certificate = Certificate(
        code=new_code(), user_id=user.id, subject=subject, name=user.name, **fields
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return _existing(user.id, subject)
    return certificate


def module_certificate(user: User, module_slug: str) -> Certificate:
    completion = db.session.scalar(
        select(ModuleCompletion).where(
            ModuleCompletion.user_id == user.id, ModuleCompletion.module_slug == module_slug
        )
    )
    if completion is None:
        raise NotEarned
    cohort_id = db.session.scalar(
        select(Enrolment.cohort_id)
        .join(CohortModule, CohortModule.cohort_id == Enrolment.cohort_id)
        .where(Enrolment.user_id == user.id, CohortModule.module_slug == module_slug)
        .order_by(Enrolment.enrolled_at.desc())
        .limit(1)
    )
    return _issue(
        user,
        f"module:{module_slug}",
        module_slug=module_slug,
        cohort_id=cohort_id,
        completed_at=completion.completed_at,
    )


def course_certificate(user: User, cohort: Cohort) -> Certificate:
    status = schedule.course_status(cohort, user.id)
    if not status.completed:
        raise NotEarned
    completed_at = db.session.scalar(
        select(ModuleCompletion.completed_at)
        .where(
            ModuleCompletion.user_id == user.id,
            ModuleCompletion.module_slug.in_([item.module_slug for item in cohort.modules]),
        )
        .order_by(ModuleCompletion.completed_at.desc())
        .limit(1)
    )
    return _issue(
        user, f"course:{cohort.id}", cohort_id=cohort.id, completed_at=completed_at or utcnow()
    )


def revoke(certificate: Certificate) -> None:
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()
