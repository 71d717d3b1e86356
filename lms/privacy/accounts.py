"""Deactivating and reactivating an account, and keeping one that was given a retention
notice. Each flushes in the caller's transaction, with its audit row."""

from __future__ import annotations

from sqlalchemy import or_, select

from lms.core import audit
from lms.extensions import db
from lms.models import User
from lms.models.base import utcnow


def deactivate(user: User) -> None:
    """The account can no longer log in, and its open sessions end; its records stay."""
    if user.deactivated_at is not None:
        return
    user.deactivated_at = utcnow()
    user.session_version += 1
    audit.record("account.deactivate", subject_id=user.id)


def reactivate(user: User) -> None:
    if user.deactivated_at is None:
        return
    user.deactivated_at = None
    user.retention_notice_at = None
    audit.record("account.reactivate", subject_id=user.id)


def keep(user: User) -> None:
    """The person answers a retention notice: they keep their account, as of now."""
    user.retention_notice_at = None
    user.last_active_at = utcnow()


def find_people(words: str, limit: int = 50) -> list[User]:
    """Accounts whose email or name holds these words (erased ones have neither)."""
    pattern = f"%{words.strip().lower()}%"
    return list(
        db.session.scalars(
            select(User)
            .where(User.erased_at.is_(None))
            .where(or_(User.email.like(pattern), User.name.ilike(pattern)))
            .order_by(User.name, User.id)
            .limit(limit)
        )
    )
