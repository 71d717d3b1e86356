"""Erasing an account, in the caller's one transaction: all of it or, on any failure, none.

The person's row goes, with their name, email, password and free texts. What they did stays only
as anonymous rows, moved to a new account that has no name and no email: a cohort still counts
them, and the item analysis still counts their answers, but nothing leads back to the person,
not even their old account id. Their email is free to sign up again, as a new person.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, or_, select, update

from lms.core import audit
from lms.extensions import db
from lms.models import (
    Attendance,
    Certificate,
    CsvUpload,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    Outbox,
    PreparedFile,
    QuizAttempt,
    User,
)
from lms.models.base import utcnow

# Tables whose rows feed cohort totals, reports and item analysis: kept, made anonymous.
KEPT_AS_ANONYMOUS = (Enrolment, LessonProgress, ModuleCompletion, QuizAttempt, Attendance)
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: no mail ever goes there


def erase(user_id: int, *, revoke_certificates: bool = False) -> User:
    """Erase the account (flushed; the caller commits, or rolls back on any exception) and
    return the anonymous account that now holds its records. Certificates stay verifiable as
    issued to a deleted account, unless `revoke_certificates`."""
    person = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if person is None or person.erased_at is not None:
        raise LookupError(user_id)
    anonymous = User(
        email=f"{secrets.token_hex(12)}@{ERASED_DOMAIN}",
        name="",
        password_hash=None,
        role="learner",
        erased_at=utcnow(),
    )
    db.session.add(anonymous)
    db.session.flush()
    _forget_copies(person)
    _move_records(person.id, anonymous.id)
    _keep_certificates_anonymous(anonymous.id, revoke_certificates)
    audit.record(
        "account.erase",
        subject_id=anonymous.id,
        detail="certificates revoked" if revoke_certificates else "",
    )
    # Password links and facilitator places go with the row; the audit trail, announcements
    # and uploads keep their rows without the person (ON DELETE CASCADE / SET NULL).
    db.session.execute(delete(User).where(User.id == person.id))
    db.session.expunge(person)
    return anonymous


def _move_records(old_id: int, new_id: int) -> None:
    for model in (*KEPT_AS_ANONYMOUS, Certificate):
        db.session.execute(update(model).where(model.user_id == old_id).values(user_id=new_id))


def _keep_certificates_anonymous(new_id: int, revoke: bool) -> None:
    db.session.execute(update(Certificate).where(Certificate.user_id == new_id).values(name=""))
    if revoke:
        db.session.execute(
            update(Certificate)
            .where(Certificate.user_id == new_id, Certificate.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def _forget_copies(person: User) -> None:
    """Copies of the name or email outside the account: mail waiting in the outbox, uploaded CSV
    files that list them, and prepared files (reports, certificate batches, their own data) of
    their cohorts, which are made again on request without them."""
    email = person.email
    db.session.execute(delete(Outbox).where(Outbox.recipient == email))
    naming = CsvUpload.text.ilike(f"%{_like(email)}%", escape="\\")
    db.session.execute(delete(CsvUpload).where(naming))
    their_cohorts = select(Enrolment.cohort_id).where(Enrolment.user_id == person.id)
    db.session.execute(
        delete(PreparedFile).where(
            or_(
                PreparedFile.cohort_id.in_(their_cohorts),
                (PreparedFile.requested_by == person.id) & PreparedFile.cohort_id.is_(None),
            )
        )
    )


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
