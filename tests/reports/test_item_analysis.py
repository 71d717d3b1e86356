"""Quiz item analysis: facility, discrimination, option choices, and language versions compared."""

from __future__ import annotations

import pytest

from lms.content.model import Module, QuestionKey, QuizKey
from lms.reports.items import analyse

# Only the quiz key matters to the analysis.
FakeModule = Module(
    number=1,
    slug="sample",
    estimated_minutes=10,
    pass_mark=50,
    max_attempts=3,
    languages={"en": "available"},
    lesson_ids=("only",),
    titles={"en": "Sample"},
    quiz_key=QuizKey(
        (
            QuestionKey("easy", "single", 1.0, ("a", "b"), frozenset({"a"})),
            QuestionKey("hard", "single", 1.0, ("a", "b"), frozenset({"b"})),
            QuestionKey("tells", "single", 1.0, ("a", "b"), frozenset({"a"})),
        )
    ),
)


def attempt(language: str, **marks: int) -> tuple[str, dict]:
    chosen = {"easy": "a", "hard": "b", "tells": "a"}
    wrong = {"easy": "b", "hard": "a", "tells": "b"}
    return language, {
        q: {"selected": [chosen[q] if mark else wrong[q]], "points": float(mark)}
        for q, mark in marks.items()
    }


def test_facility_discrimination_and_choices():
    attempts = [
        attempt("en", easy=1, hard=0, tells=1),
        attempt("en", easy=1, hard=1, tells=1),
        attempt("en", easy=1, hard=0, tells=0),
        attempt("es", easy=1, hard=0, tells=0),
    ]
    stats = {stat.question_id: stat for stat in analyse(FakeModule, attempts)}
    assert stats["easy"].facility == 1.0
    assert stats["easy"].discrimination is None  # no variance: nothing to correlate
    assert stats["hard"].facility == 0.25
    assert stats["tells"].discrimination > 0  # those who got it right did better elsewhere
    assert stats["hard"].chosen == {"a": 3, "b": 1}
    assert stats["tells"].languages["es"].facility == 0.0


def test_a_language_version_far_from_the_others_is_flagged():
    attempts = [attempt("en", easy=1, hard=1, tells=1) for _ in range(6)]
    attempts += [attempt("es", easy=1, hard=0, tells=1) for _ in range(6)]
    stats = {stat.question_id: stat for stat in analyse(FakeModule, attempts)}
    assert stats["hard"].flagged_languages == ["en", "es"]
    assert stats["easy"].flagged_languages == []


def test_too_few_attempts_flag_nothing():
    attempts = [attempt("en", easy=1, hard=1, tells=1) for _ in range(6)]
    attempts += [attempt("ar", easy=1, hard=0, tells=1) for _ in range(2)]
    stats = {stat.question_id: stat for stat in analyse(FakeModule, attempts)}
    assert stats["hard"].flagged_languages == []


@pytest.mark.parametrize("path", ["items/sse-game-changer", "items/no-such-module"])
def test_the_item_analysis_page(app, client, path):
    from sqlalchemy import select

    from lms.demo import load_demo
    from lms.extensions import db
    from lms.models import Cohort
    from tests.conftest import log_in

    load_demo()
    cohort = db.session.scalar(select(Cohort))
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    client.post("/language", data={"language": "en", "next": "/"})
    response = client.get(f"/cohorts/{cohort.id}/{path}")
    if "no-such" in path:
        assert response.status_code == 404
        return
    page = response.data.decode()
    assert "Facility" in page and "Discrimination" in page
    module = app.extensions["lms.catalogue"].get("sse-game-changer")
    assert page.count('class="card item"') == len(module.quiz_key.questions)


def test_item_analysis_across_cohorts(app, client, make_user, make_cohort, module1):
    from lms.cohorts import service as cohort_service
    from lms.extensions import db
    from lms.learn import service as learn_service
    from lms.quiz import service as quiz_service
    from tests.conftest import log_in

    facilitator = make_user(role="facilitator")
    mine, theirs = make_cohort(facilitator), make_cohort()
    for cohort, language in ((mine, "en"), (mine, "es"), (theirs, "en")):
        learner = make_user()
        cohort_service.enrol(cohort.id, learner.id)
        for lesson_id in module1.lesson_ids:
            learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
        quiz_service.submit_attempt(learner.id, module1, {}, quiz_service.new_token(), language)
    db.session.commit()
    log_in(client, facilitator.email)
    page = client.get(f"/items/{module1.slug}").data.decode()
    assert "<dd>2</dd>" in page  # first attempts of the two learners in the cohort they facilitate
    admin = make_user(role="admin")
    client.post("/logout")
    log_in(client, admin.email)
    assert "<dd>3</dd>" in client.get(f"/items/{module1.slug}").data.decode()


def test_the_pages_go_down_one_heading_level_at_a_time(
    facilitator_client, cohort, make_user, module1
):
    from lms.cohorts import service as cohort_service
    from lms.extensions import db
    from lms.learn import service as learn_service
    from lms.quiz import service as quiz_service
    from tests.html import heading_levels, skipped_heading_levels

    learner = make_user()
    cohort_service.enrol(cohort.id, learner.id)
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    quiz_service.submit_attempt(learner.id, module1, {}, quiz_service.new_token(), "en")
    db.session.commit()
    for path in (f"/items/{module1.slug}", f"/cohorts/{cohort.id}/items/{module1.slug}"):
        page = facilitator_client.get(path).data.decode()
        assert len(heading_levels(page)) > len(module1.quiz_key.questions), path
        assert skipped_heading_levels(page) == [], path
