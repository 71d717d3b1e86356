"""Wide tables on a 360-pixel phone: each scrolls inside its own box, never the whole page, and
that box is reachable with the keyboard and named for screen readers."""

from __future__ import annotations

import io

import pytest

from lms.cohorts import service as cohort_service
from lms.config import PROJECT_ROOT
from lms.extensions import db
from lms.learn import service as learn_service
from lms.quiz import service as quiz_service
from tests.conftest import PASSWORD, log_in
from tests.html import scroll_boxes, tables_outside_scroll_boxes, unreachable_scroll_boxes


@pytest.fixture
def pages(app, facilitator_client, cohort, make_user, module1) -> dict[str, str]:
    """Every page with a wide table or sample, as its reader sees it."""
    learner = make_user(email="wide@example.org", password=PASSWORD)
    cohort_service.enrol(cohort.id, learner.id)
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    quiz_service.submit_attempt(learner.id, module1, {}, quiz_service.new_token(), "en")
    db.session.commit()
    facilitator = {
        path: facilitator_client.get(path).data.decode()
        for path in (
            "/cohorts",
            f"/cohorts/{cohort.id}/learners",
            f"/cohorts/{cohort.id}/import",
            f"/cohorts/{cohort.id}/run-sheet",
            f"/cohorts/{cohort.id}/progress",
            f"/cohorts/{cohort.id}/report",
            f"/cohorts/{cohort.id}/learners/{learner.id}/transcript",
        )
    }
    csv = b"email,firstname,lastname\nnew.person@example.org,New,Person\nnot-an-email,X,Y\n"
    facilitator["import preview"] = facilitator_client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(csv), "learners.csv")},
        content_type="multipart/form-data",
    ).data.decode()
    reader = app.test_client()
    log_in(reader, learner.email)
    learner_pages = {
        path: reader.get(path).data.decode()
        for path in (f"/modules/{module1.slug}/quiz/attempts", "/transcript")
    }
    return facilitator | learner_pages


def test_every_table_scrolls_inside_its_own_box(pages):
    for path, page in pages.items():
        assert tables_outside_scroll_boxes(page) == 0, path


def test_every_scrolling_box_is_reachable_by_keyboard_and_named(pages):
    for path, page in pages.items():
        assert scroll_boxes(page), path
        assert unreachable_scroll_boxes(page) == [], path


def test_no_template_makes_a_scrolling_box_by_hand():
    """A box that scrolls is made by the scroll_box macro, which makes it focusable and named."""
    templates = (PROJECT_ROOT / "lms").glob("**/templates/**/*.html")
    by_hand = [
        str(path.relative_to(PROJECT_ROOT))
        for path in templates
        if 'class="scroll"' in path.read_text() and path.name != "_scroll.html"
    ]
    assert by_hand == []
