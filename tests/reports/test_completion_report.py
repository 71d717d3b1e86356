"""The cohort completion report: page, CSV and XLSX, correct for every script."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.cohorts import service as cohort_service
from lms.demo import load_demo
from lms.extensions import db
from lms.models import Cohort, User
from lms.reports import service
from tests.cohorts.test_grid_scale import add_learners
from tests.conftest import log_in


@pytest.fixture
def demo(app):
    load_demo()
    cohort = db.session.scalar(select(Cohort))
    for email, name in (
        ("amal@example.org", "أمل الحسيني"),
        ("minji@example.org", "김민지"),
        ("olga@example.org", "Ольга Смирнова"),
        ("eve@example.org", "=HYPERLINK(1)"),
    ):
        user = User(
            email=email,
            name=name,
            password_hash="x",
            role="learner",
            country="JO",
            institution="@union",
        )
        db.session.add(user)
        db.session.flush()
        cohort_service.enrol(cohort.id, user.id)
    db.session.commit()
    return cohort


@pytest.fixture
def facilitator_client(client, demo):
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    client.post(
        "/language", data={"language": "en", "next": "/"}
    )  # the demo facilitator reads Spanish
    return client


def test_the_rows_and_the_summary(app, demo):
    modules = [app.extensions["lms.catalogue"].get(item.module_slug) for item in demo.modules]
    rows = list(service.report_rows(demo, modules))
    assert len(rows) == cohort_service.enrolled_count(demo.id)
    valentina = next(row for row in rows if row.email == "valentina.rojas@example.org")
    assert all(result.status == "completed" for result in valentina.modules.values())
    assert valentina.status == "completed"  # every module and two thirds of the sessions
    summary = service.summarise(iter(rows), demo, [m.slug for m in modules])
    assert summary.enrolled == len(rows)
    first = summary.modules[modules[0].slug]
    assert first.completed == sum(1 for r in rows if r.modules[modules[0].slug].completed_at)
    assert first.median_score is not None
    assert sum(summary.completions_by_week) > 0
    assert summary.completion_rate == summary.completed / summary.enrolled


def test_the_report_page(facilitator_client, demo):
    page = facilitator_client.get(f"/cohorts/{demo.id}/report").data.decode()
    assert "Completion report" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Valentina Rojas" in page
    assert "أمل الحسيني" in page and "김민지" in page


def test_the_csv_opens_in_spreadsheets_with_every_script_intact(facilitator_client, demo):
    response = facilitator_client.get(f"/cohorts/{demo.id}/report.csv")
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Name", "Email", "Country"]
    names = [row[0] for row in rows[1:]]
    assert "أمل الحسيني" in names and "김민지" in names and "Ольга Смирнова" in names
    assert "'=HYPERLINK(1)" in names  # formulas are neutralised
    assert all(len(row) == len(rows[0]) for row in rows)


def test_the_xlsx_has_typed_cells_and_a_frozen_header(facilitator_client, demo):
    response = facilitator_client.get(f"/cohorts/{demo.id}/report.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    valentina = rows["valentina.rojas@example.org"]
    completed_on = valentina[header.index("Module 1: completed on")]
    assert completed_on.date() >= date(2023, 8, 14)
    assert isinstance(valentina[header.index("Module 1: best score (%)")], int | float)
    assert isinstance(valentina[header.index("Live sessions attended")], int)
    assert rows["amal@example.org"][0] == "أمل الحسيني"
    assert rows["eve@example.org"][0] == "'=HYPERLINK(1)"
    assert rows["eve@example.org"][3] == "'@union"


def test_queries_do_not_grow_with_the_cohort(facilitator_client, demo, app, count_queries):
    module1 = app.extensions["lms.catalogue"].get("sse-game-changer")
    counts = []
    for extra in (50, 500):
        add_learners(demo, extra, module1)
        for path in ("report", "report.csv", "report.xlsx"):
            statements = count_queries()
            assert facilitator_client.get(f"/cohorts/{demo.id}/{path}").status_code == 200
            counts.append((path, len(statements)))
    assert counts[:3] == counts[3:]


def test_the_exports_speak_the_facilitators_language(client, demo):
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    text = client.get(f"/cohorts/{demo.id}/report.csv").data.decode("utf-8")
    assert text.lstrip("\ufeff").startswith("Nombre,")


def test_the_report_from_the_command_line(app, demo, tmp_path):
    from lms.cli import cli

    runner = app.test_cli_runner()
    for file_format in ("csv", "xlsx"):
        target = tmp_path / f"report.{file_format}"
        result = runner.invoke(
            cli,
            [
                "reports",
                "completion",
                str(demo.id),
                "--format",
                file_format,
                "--output",
                str(target),
            ],
        )
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    text = (tmp_path / "report.csv").read_text("utf-8")
    assert text.startswith("\ufeff") and "김민지" in text
    sheet = load_workbook(tmp_path / "report.xlsx").active
    assert sheet.max_row == cohort_service.enrolled_count(demo.id) + 1


def test_a_learner_sees_their_own_transcript(client, demo):
    learner = db.session.scalar(select(User).where(User.email == "estudiante@example.org"))
    log_in(client, learner.email, "demo-estudiante-2023")
    page = client.get("/transcript").data.decode()
    assert 'href="/transcript"' not in page  # the page itself, not a link to it
    assert learner.name in page
    assert demo.name in page


def test_a_facilitator_sees_a_cohort_members_transcript(facilitator_client, demo):
    valentina = db.session.scalar(select(User).where(User.email == "valentina.rojas@example.org"))
    page = facilitator_client.get(f"/cohorts/{demo.id}/learners/{valentina.id}/transcript")
    html = page.data.decode()
    assert page.status_code == 200
    assert "Valentina Rojas" in html and "Course completed." in html
