"""Authorisation for cohort pages: checked on every object fetched by id."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.cohorts import service
from lms.extensions import db
from lms.models import Cohort, Enrolment, LiveSession, User
from lms.records.enrolment import is_enrolled


def facilitated_cohort(cohort_id: int) -> Cohort:
    """The cohort, if the current user facilitates it (or is an admin); else 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not service.facilitates(current_user, cohort_id):
        abort(404)
    return cohort


def member_of(cohort: Cohort, user_id: int) -> User:
    """A learner who is or was enrolled in this cohort, having accepted; else 404. An invited
    learner's records stay private until they accept."""
    enrolment = db.session.scalar(
        select(Enrolment.id).where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.user_id == user_id,
            Enrolment.accepted_at.is_not(None),
        )
    )
    if enrolment is None:
        abort(404)
    return db.session.get_one(User, user_id)


def session_of(cohort: Cohort, session_id: int) -> LiveSession:
    live = db.session.get(LiveSession, session_id)
    if live is None or live.cohort_id != cohort.id:
        abort(404)
    return live


def learner_cohort(cohort_id: int) -> Cohort:
    """A published cohort the current user is enrolled in (or facilitates); else 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    if service.facilitates(current_user, cohort_id):
        return cohort
    if not cohort.published or not is_enrolled(current_user.id, cohort_id):
        abort(404)
    return cohort
