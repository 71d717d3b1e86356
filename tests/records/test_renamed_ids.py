"""A lesson id renamed after learners used it: with the rename declared in module.yaml every page
follows it; without, the old id counts for nothing, and every page says so alike."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from lms import create_app
from lms.cohorts import service as cohort_service
from lms.content import Catalogue, Module
from lms.extensions import db
from lms.models import Base, LessonProgress
from lms.records.readiness import opening_and_lessons
from lms.records.results import results_for
from tests.conftest import IsolatedClient, log_in, make_config

OLD, NEW = "what-is-the-sse", "what-the-sse-is"


def rename_lesson(module: Module, declare: bool) -> Module:
    def renamed(lesson_id: str) -> str:
        return NEW if lesson_id == OLD else lesson_id

    texts = {
        code: replace(
            text,
            lessons={renamed(k): replace(v, id=renamed(k)) for k, v in text.lessons.items()},
        )
        for code, text in module.texts.items()
    }
    return replace(
        module,
        lesson_ids=tuple(renamed(lesson_id) for lesson_id in module.lesson_ids),
        texts=texts,
        renamed_lessons={OLD: NEW} if declare else {},
    )


@pytest.fixture(params=[True, False], ids=["declared", "undeclared"])
def declared(request) -> bool:
    return request.param


@pytest.fixture
def app(database_url: str, catalogue: Catalogue, declared: bool):
    """The app after the content renamed module 1's first lesson."""
    modules = tuple(
        rename_lesson(module, declared) if module.number == 1 else module
        for module in catalogue.modules
    )
    app = create_app(make_config(database_url), replace(catalogue, modules=modules))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


def status_words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_page_agrees_on_a_progress_row_under_the_old_id(
    app, client, declared, learner, facilitator, cohort, module1
):
    cohort_service.enrol(cohort.id, learner.id)
    db.session.add(LessonProgress(user_id=learner.id, module_slug=module1.slug, lesson_id=OLD))
    db.session.commit()
    result = results_for(learner.id, [module1])[module1.slug]
    expected = "In progress" if declared else "Not started"
    assert result.completed_lessons == ({NEW} if declared else set())
    _opens_on, lessons = opening_and_lessons(learner.id, module1)
    assert lessons.completed_lessons == result.completed_lessons

    log_in(client, learner.email)
    module_page = status_words(client.get(f"/modules/{module1.slug}").data.decode())
    assert expected in module_page
    assert f"{1 if declared else 0} of 5 lessons completed" in module_page
    client.post("/logout")

    log_in(client, facilitator.email)
    grid = status_words(client.get(f"/cohorts/{cohort.id}/progress").data.decode())
    cell = grid.split(learner.email, 1)[1]
    assert cell.split()[0:2] == expected.split()
    started = "1 has started" if declared else "0 have started"
    assert f"{started} 0 have completed" in grid
    not_started = client.get(f"/cohorts/{cohort.id}/progress?filter=not_started").data.decode()
    assert (learner.name in not_started) is not declared

    report = status_words(client.get(f"/cohorts/{cohort.id}/report").data.decode())
    row = report.split(learner.email, 1)[1].split("About this course")[0]
    statuses = re.findall(r"Not started|In progress|Completed", row)
    assert statuses[0] == statuses[-1] == expected  # module 1, and overall
    transcript = client.get(f"/cohorts/{cohort.id}/learners/{learner.id}/transcript")
    assert expected in status_words(transcript.data.decode()).split("Module 1", 1)[1][:200]
