"""Retention: learner accounts with no activity for RETENTION_INACTIVE_MONTHS are given notice,
then erased once RETENTION_NOTICE_DAYS have passed with still no activity. Off by default.

Activity is anything recorded: the account's creation, an enrolment, a lesson, a quiz attempt,
attendance, or the person saying they keep the account after a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select

from lms.core import mail
from lms.core.audit import months_span
from lms.extensions import db
from lms.models import Attendance, Enrolment, LessonProgress, QuizAttempt, User
from lms.models.base import utcnow
from lms.privacy.erasure import erase
from lms.privacy.retention_mail import store_notice


@dataclass(frozen=True)
class Plan:
    to_notify: list[User]  # inactive, not yet notified
    to_erase: list[User]  # inactive, notified at least the notice period ago
    to_clear: list[User]  # notified, but active again since


def _activity_moments() -> list:
    """Each account's moments of recorded activity, as columns (a subquery may be NULL)."""
    moments: list[Any] = [User.created_at, User.last_active_at]
    for model, column in ((Enrolment, Enrolment.enrolled_at),
                          (LessonProgress, LessonProgress.completed_at),
                          (QuizAttempt, QuizAttempt.submitted_at),
                          (Attendance, Attendance.recorded_at)):  # fmt: skip
        moments.append(select(func.max(column)).where(model.user_id == User.id).scalar_subquery())
    return moments


def plan(now: datetime | None = None) -> Plan | None:
    """Who the next run notifies, erases and clears; None when retention is off."""
    months = current_app.config["RETENTION_INACTIVE_MONTHS"]
    if months is None:
        return None
    now = now or utcnow()
    cutoff = now - months_span(months)
    notice = timedelta(days=current_app.config["RETENTION_NOTICE_DAYS"])
    inactive = and_(*[moment.is_(None) | (moment < cutoff) for moment in _activity_moments()])
    learners = select(User, inactive).where(User.role == "learner", User.erased_at.is_(None))
    found = Plan([], [], [])
    for person, is_inactive in db.session.execute(
        learners.where(inactive | User.retention_notice_at.is_not(None)).order_by(User.id)
    ):
        if not is_inactive:
            found.to_clear.append(person)
        elif person.retention_notice_at is None:
            found.to_notify.append(person)
        elif person.retention_notice_at <= now - notice:
            found.to_erase.append(person)
    return found


def run(found: Plan) -> None:
    """Carry out a plan: notices (each emailed) and clearings in one transaction, then each
    erasure in its own, so that one failure stops no other. A notice's mail is stored with the
    notice itself: one mail per notice, however often the job runs."""
    now = utcnow()
    deleted_after = now + timedelta(days=current_app.config["RETENTION_NOTICE_DAYS"])
    notices = []
    for person in found.to_notify:
        person.retention_notice_at = now
        notices.append(store_notice(person, deleted_after))
    for person in found.to_clear:
        person.retention_notice_at = None
    db.session.commit()
    mail.send_stored([message.id for message in notices if message is not None])
    for person_id in [person.id for person in found.to_erase]:
        erase(person_id)
        db.session.commit()
