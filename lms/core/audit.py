"""The audit trail of access to personal data. Each audited action writes exactly one row, in the
transaction of the action itself: the row exists if and only if the action happened.

Reading a learner's record or downloading a report changes nothing else, so those requests
write their row first, in a short transaction of its own, then read and stream as any page does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import CursorResult, delete, or_, select
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.models import AuditEvent, Cohort, User
from lms.models.base import utcnow

ACTIONS = {
    "report.export": _l("Exported a cohort's report"),
    "learner.record": _l("Opened a learner's record"),
    "learner.transcript": _l("Opened a learner's transcript"),
    "role.change": _l("Changed a role"),
    "account.deactivate": _l("Deactivated an account"),
    "account.reactivate": _l("Reactivated an account"),
    "account.erase": _l("Erased an account"),
    "data.export": _l("Downloaded a person's data"),
}


def record(
    action: str,
    *,
    subject_id: int | None = None,
    cohort_id: int | None = None,
    detail: str = "",
    actor_id: int | None = None,
) -> None:
    """Add the row of an action to the caller's transaction. The actor is the signed-in person
    unless given; None outside a request (the command line, a scheduled job)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audited action {action!r}")
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    db.session.add(
        AuditEvent(
            action=action,
            actor_id=actor_id,
            subject_id=subject_id,
            cohort_id=cohort_id,
            detail=detail[:200],
        )
    )


def record_access(action: str, **values) -> None:
    """For a request that only reads (a GET): write the row now, committed, in a transaction
    that may write (on SQLite a GET's transaction only reads), then let the page go on."""
    db.session.rollback()
    g.lms_writing = True
    try:
        record(action, **values)
        db.session.commit()
    finally:
        g.lms_writing = False


def forget_old_events() -> int:
    """Delete the rows older than AUDIT_KEEP_MONTHS (kept for ever when None); how many went."""
    months = current_app.config["AUDIT_KEEP_MONTHS"]
    if months is None:
        return 0
    cutoff = utcnow() - months_span(months)
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return cast(CursorResult, result).rowcount or 0


def months_span(months: int) -> timedelta:
    """A month counted as 30 days, as the retention settings say."""
    return timedelta(days=30 * months)


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    person: str = ""  # part of an actor's or subject's email or name
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    action: str
    actor: User | None
    subject: User | None
    cohort_name: str | None
    detail: str


def _query(chosen: AuditFilter):
    actor, subject = aliased(User), aliased(User)
    query = (
        select(AuditEvent, actor, subject, Cohort.name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(subject, subject.id == AuditEvent.subject_id)
        .outerjoin(Cohort, Cohort.id == AuditEvent.cohort_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if chosen.action:
        query = query.where(AuditEvent.action == chosen.action)
    if chosen.person:
        pattern = f"%{chosen.person.strip().lower()}%"
        query = query.where(
            or_(
                actor.email.like(pattern),
                subject.email.like(pattern),
                actor.name.ilike(pattern),
                subject.name.ilike(pattern),
            )
        )
    if chosen.since is not None:
        query = query.where(AuditEvent.at >= chosen.since)
    if chosen.until is not None:
        query = query.where(AuditEvent.at < chosen.until)
    return query


def events(chosen: AuditFilter, limit: int | None = None, offset: int = 0) -> Iterator[AuditLine]:
    """The rows that match, newest first, with the people and the cohort they name."""
    query = _query(chosen).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    for row in db.session.execute(query.execution_options(yield_per=1000)):
        event, actor, subject, cohort_name = cast(
            tuple[AuditEvent, User | None, User | None, str | None], tuple(row)
        )
        yield AuditLine(event.at, event.action, actor, subject, cohort_name, event.detail)
