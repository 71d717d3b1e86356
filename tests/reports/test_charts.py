"""The report's charts: every label inside the picture, axes titled in the reader's language,
completions outside the cohort's weeks counted aloud; and demo data whose dates agree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, ngettext
from markupsafe import escape
from sqlalchemy import select

from lms.cohorts import service as cohort_service
from lms.demo import load_demo
from lms.extensions import db
from lms.models import Cohort, Enrolment, LessonProgress, ModuleCompletion
from lms.reports import charts
from lms.reports.service import Summary
from tests.conftest import log_in

FONT_SIZE = 12  # the charts' text, drawn from its baseline
TITLES = {"x": "Week", "y": "Completions"}


def inside(chart: charts.Chart) -> list[charts.Label]:
    """The labels that stick out of the picture at the top or the bottom."""
    return [label for label in chart.labels if not FONT_SIZE <= label.y <= chart.height]


@pytest.mark.parametrize("counts", [[1, 5, 2, 0], [7], [0, 0, 0]])
def test_every_label_of_the_weekly_chart_is_inside_it_the_tallest_bars_too(counts):
    chart = charts.weekly_bars(Summary(completions_by_week=counts), TITLES["x"], TITLES["y"])
    assert inside(chart) == []
    assert {str(count) for count in counts if count} <= {label.text for label in chart.labels}
    tallest = max(chart.rects, key=lambda rect: rect.height)
    assert all(rect.y >= 0 for rect in chart.rects)
    assert tallest.y > FONT_SIZE  # room for its value above it


def test_both_charts_have_axis_titles(catalogue):
    weekly = charts.weekly_bars(Summary(completions_by_week=[3, 1]), "Semana", "Completados")
    assert {"Semana", "Completados"} <= {label.text for label in weekly.labels}
    modules = list(catalogue.modules)
    counts = {
        module.slug: {"completed": 2, "in_progress": 1, "not_started": 0} for module in modules
    }
    status = charts.status_bars(
        modules, Summary(enrolled=3, status_counts=counts), "Participantes", "Módulo"
    )
    assert {"Participantes", "Módulo"} <= {label.text for label in status.labels}
    for chart in (weekly, status, charts.mirrored(status)):
        assert inside(chart) == []
        assert all(0 <= label.x <= chart.width for label in chart.labels)


@pytest.fixture
def demo(app) -> Cohort:
    load_demo()
    return db.session.scalar(select(Cohort))


def test_the_report_titles_the_axes_in_the_readers_language_and_counts_what_it_leaves_out(
    app, client, demo, make_user, module1
):
    late = make_user()
    cohort_service.enrol(demo.id, late.id)
    db.session.add(
        ModuleCompletion(
            user_id=late.id,
            module_slug=module1.slug,
            completed_at=datetime(2024, 2, 1, 12, tzinfo=UTC),
        )
    )
    db.session.commit()
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")  # reads Spanish
    page = client.get(f"/cohorts/{demo.id}/report").data.decode()
    svg = page[page.index("<svg") : page.rindex("</svg>")]
    for title in ("Semana", "Módulos completados", "Participantes", "Módulo"):
        assert f">{title}</text>" in svg, title
    with force_locale("es"):
        left_out = ngettext(
            "%(num)s module completion falls outside the cohort's weeks and is not shown.",
            "%(num)s module completions fall outside the cohort's weeks and are not shown.",
            1,
        )
    assert left_out.startswith("1 ") and "semanas" in left_out
    assert str(escape(left_out)) in page


def test_the_demo_learners_enrolled_before_their_2023_completions(demo):
    enrolments = db.session.execute(
        select(Enrolment.user_id, Enrolment.enrolled_at).where(Enrolment.cohort_id == demo.id)
    ).all()
    assert len(enrolments) > 20
    for user_id, enrolled_at in enrolments:
        assert enrolled_at.date() <= demo.starts_on, user_id
        first_lesson = db.session.scalar(
            select(LessonProgress.completed_at)
            .where(LessonProgress.user_id == user_id)
            .order_by(LessonProgress.completed_at)
            .limit(1)
        )
        assert first_lesson is None or enrolled_at < first_lesson, user_id
