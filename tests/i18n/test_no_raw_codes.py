"""No raw codes shown to people: countries and time zones are named in the reader's language,
numbers are formatted for it, and no number is written into a source string."""

from __future__ import annotations

from html import unescape

from flask_babel import force_locale
from sqlalchemy import select

from lms.cohorts import service
from lms.cohorts.forms import FILE_TOO_LARGE
from lms.cohorts.importing import TOO_MANY_ROWS
from lms.cohorts.messages import IMPORT_PROBLEMS
from lms.demo import load_demo
from lms.extensions import db
from lms.models import Cohort, User
from tests.conftest import log_in

NARROW_SPACE = "\u202f"  # French groups thousands with it


def demo_facilitator(client, language: str) -> Cohort:
    load_demo()
    cohort = db.session.scalar(select(Cohort))
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    client.post("/language", data={"language": language, "next": "/"})
    return cohort


def test_countries_are_named_in_the_report_and_on_a_learners_page(app, client):
    cohort = demo_facilitator(client, "fr")
    report = unescape(client.get(f"/cohorts/{cohort.id}/report").text)
    assert "<td>Colombie</td>" in report
    assert "<td>CO</td>" not in report
    learner = db.session.scalar(select(User).where(User.country == "CO"))
    page = unescape(client.get(f"/cohorts/{cohort.id}/learners/{learner.id}").text)
    assert "· Colombie" in page


def test_time_zones_are_named_on_cohort_and_session_pages(
    facilitator_client, cohort, client, make_user
):
    overview = facilitator_client.get(f"/cohorts/{cohort.id}").text
    assert "Colombia Time" in overview and "America/Bogota" not in overview
    client.post("/logout")
    learner = make_user(locale="es")
    learner.timezone = "America/Bogota"
    service.enrol(cohort.id, learner.id)
    db.session.commit()
    log_in(client, learner.email)
    mine = client.get(f"/my/cohorts/{cohort.id}").text
    assert "hora de Colombia" in mine and "America/Bogota" not in mine


def test_numbers_of_the_item_analysis_are_formatted_for_the_reader(app, client):
    cohort = demo_facilitator(client, "fr")
    page = client.get(f"/cohorts/{cohort.id}/items/sse-game-changer").text
    assert "0,2" in page  # the threshold of discrimination, a French decimal
    assert '<bdi dir="ltr">-1</bdi>' in page  # its lowest value keeps its sign on the left


def test_limits_in_messages_are_formatted_numbers_not_text(app):
    with app.test_request_context(), force_locale("fr"):
        assert f"20{NARROW_SPACE}000" in str(FILE_TOO_LARGE)
        assert f"20{NARROW_SPACE}000" in str(IMPORT_PROBLEMS[TOO_MANY_ROWS])
    with app.test_request_context(), force_locale("en"):
        assert "20,000 rows" in str(FILE_TOO_LARGE)
