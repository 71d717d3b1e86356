"""Factories for cohorts and the people in them."""

from __future__ import annotations

from datetime import date

import pytest

from lms.cohorts import service
from lms.extensions import db
from tests.conftest import log_in

ALL_MODULES = ("sse-game-changer", "decent-work-and-inclusion", "follow-up-to-the-resolution",
               "sustainable-development")  # fmt: skip


@pytest.fixture
def make_cohort(app, make_user):
    def make(facilitator=None, *, published=True, starts_on=date(2023, 8, 14),
             ends_on=date(2030, 9, 8), openings=None, slugs=ALL_MODULES,
             **details):  # fmt: skip
        facilitator = facilitator or make_user(role="facilitator")
        openings = openings or {}
        cohort = service.create_cohort(
            name=details.pop("name", "Distance course, Latin America"),
            language=details.pop("language", "es"),
            starts_on=starts_on,
            ends_on=ends_on,
            timezone=details.pop("timezone", "America/Bogota"),
            modules=[service.ModulePlan(slug, openings.get(slug)) for slug in slugs],
            facilitators=[facilitator],
            published=published,
            **details,
        )
        db.session.commit()
        return cohort

    return make


@pytest.fixture
def facilitator(make_user):
    return make_user(email="facilitator@example.org", role="facilitator", name="Carla Facilitadora")


@pytest.fixture
def facilitator_client(client, facilitator):
    assert log_in(client, facilitator.email).status_code == 302
    return client


@pytest.fixture
def cohort(make_cohort, facilitator):
    return make_cohort(facilitator)
