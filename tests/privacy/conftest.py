"""A cohort with two learners who did everything there is to do: lessons, a quiz, a live
session, a certificate; the first also answered a second quiz attempt wrongly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from lms.certificates import service as certificate_service
from lms.cohorts import schedule
from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.models import Cohort, LiveSession, User
from tests.certificates.test_certificates import complete_module


@dataclass
class World:
    cohort: Cohort
    learner: User
    other: User
    facilitator: User
    admin: User
    certificate_code: str


@pytest.fixture
def world(make_user, make_cohort, facilitator, module1) -> World:
    learner = make_user(email="amina@example.org", name="Amina Diallo")
    other = make_user(email="bruno@example.org", name="Bruno Quispe")
    admin = make_user(email="admin@example.org", role="admin", name="Ada Admin")
    cohort = make_cohort(facilitator, name="Distance course")
    live = LiveSession(cohort_id=cohort.id, title="Opening session", duration_minutes=60,
                       starts_at=datetime(2030, 1, 1, 15, tzinfo=UTC))  # fmt: skip
    db.session.add(live)
    db.session.flush()
    for person in (learner, other):
        cohort_service.enrol(cohort.id, person.id)
        person.institution, person.country = "Sindicato de Costureras", "CO"
    schedule.record_attendance(live.id, {learner.id, other.id})
    db.session.commit()
    complete_module(learner, module1)
    complete_module(other, module1)
    certificate = certificate_service.module_certificate(learner, module1)
    certificate_service.module_certificate(other, module1)
    db.session.commit()
    return World(cohort, learner, other, facilitator, admin, certificate.code)
