"""Direction: in a right-to-left page, every value that may run the other way (an email, a name,
a code, a link, a signed number) is isolated, text in another language carries its direction,
and charts and spreadsheets are laid out from the right."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lms.cohorts import service
from lms.demo import load_demo
from lms.extensions import db
from lms.models import Cohort, LiveSession, User
from lms.reports import items as item_analysis
from lms.reports.charts import Chart, Label, Rect, mirrored
from tests.conftest import log_in
from tests.i18n.test_pages_in_every_language import pages_of_a_cohort, pages_of_the_learner_path


class LangWithoutDir(HTMLParser):
    """Start tags that carry `lang` but no `dir`."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        names = dict(attrs)
        if "lang" in names and "dir" not in names:
            self.found.append(self.get_starttag_text() or tag)


def lang_without_dir(html: str) -> list[str]:
    parser = LangWithoutDir()
    parser.feed(html)
    return parser.found


@pytest.fixture
def arabic_facilitator(client, app):
    load_demo()
    cohort = db.session.scalar(select(Cohort))
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    client.post("/language", data={"language": "ar", "next": "/"})
    return cohort


def test_every_element_of_a_facilitators_pages_that_carries_lang_carries_dir(
    client, arabic_facilitator
):
    cohort = arabic_facilitator
    learner = db.session.scalar(select(User).where(User.country == "CO"))
    live = db.session.scalar(select(LiveSession))
    pages = pages_of_a_cohort(client, cohort.id, learner.id, live.id)
    for path in ("report", "items/sse-game-changer", f"learners/{learner.id}/transcript"):
        pages[path] = client.get(f"/cohorts/{cohort.id}/{path}").text
    problems = {name: lang_without_dir(html) for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_every_element_of_a_learners_pages_that_carries_lang_carries_dir(
    client, make_user, module1
):
    make_user(email="learner@example.org", locale="ar")
    pages = pages_of_the_learner_path(client, module1)
    for path in ("/resources", "/about", "/transcript", f"/modules/{module1.slug}/glossary"):
        pages[path] = client.get(path).text
    problems = {name: lang_without_dir(html) for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_values_inside_arabic_sentences_are_isolated(client, arabic_facilitator):
    cohort = arabic_facilitator
    added = client.post(
        f"/cohorts/{cohort.id}/learners", data={"email": "nueva@example.org", "name": "Nueva"}
    ).text
    assert '<html lang="ar" dir="rtl">' in added
    assert "<bdi>nueva@example.org</bdi>" in added  # in the notice of the new account
    assert re.search(r'<code class="link" dir="ltr">http://[^<]+/set-password/', added)
    learners = client.get(f"/cohorts/{cohort.id}/learners").text
    assert "<td><bdi>nueva@example.org</bdi></td>" in learners
    grid = client.get(f"/cohorts/{cohort.id}/progress").text
    assert '<bdi class="muted">valentina.rojas@example.org</bdi>' in grid
    overview = client.get(f"/cohorts/{cohort.id}").text
    assert re.search(r'<strong class="code" dir="ltr">\w+</strong>', overview)
    assert '<span lang="es" dir="ltr">Español</span>' in overview  # the lessons' language


def test_a_flash_message_isolates_and_escapes_the_value_it_names(client, app):
    client.post("/language", data={"language": "ar", "next": "/"})
    client.post(
        "/signup",
        data={
            "name": "Ana <b>Pérez</b>",
            "email": "ana@example.org",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
    )
    home = client.get("/").text
    assert "<bdi>Ana &lt;b&gt;Pérez&lt;/b&gt;</bdi>" in home


def test_the_csv_sample_is_left_to_right(client, arabic_facilitator):
    page = client.get(f"/cohorts/{arabic_facilitator.id}/import").text
    assert re.search(r"<pre class=\"sample\" dir=\"ltr\"[^>]*>email,firstname", page)


def test_a_negative_discrimination_keeps_its_minus_sign_on_the_left(
    client, arabic_facilitator, module1, monkeypatch
):
    question = module1.quiz_key.questions[0]
    stat = item_analysis.ItemStat(
        question.id, 10, 0.5, -0.35, dict.fromkeys(question.options, 1), {}
    )

    def analyse(module, attempts):
        list(attempts)  # read to the end: the attempts are streamed from a server-side cursor
        return [stat]

    monkeypatch.setattr(item_analysis, "analyse", analyse)
    page = client.get(f"/cohorts/{arabic_facilitator.id}/items/{module1.slug}").text
    assert '<dd><bdi dir="ltr">-0.35</bdi></dd>' in page


def test_a_chart_is_mirrored_for_a_right_to_left_reader():
    chart = Chart(100, 20, [Rect(10, 0, 30, 20, "#000", 3)], [Label(0, 15, "1", "start")])
    flipped = mirrored(chart)
    assert flipped.rects[0].x == 60  # 10 from the left becomes 10 from the right
    assert (flipped.labels[0].x, flipped.labels[0].anchor) == (100, "end")
    assert mirrored(flipped) == chart


def test_the_report_charts_grow_from_the_right_in_arabic(client, arabic_facilitator):
    arabic = client.get(f"/cohorts/{arabic_facilitator.id}/report").text
    first_label = re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"', arabic)
    width = re.search(r'<svg class="chart"[^>]* width="(\d+)"', arabic).group(1)
    assert first_label.groups() == (width, "end")
    assert 'direction="ltr"' in arabic  # the geometry is already mirrored: anchors read as drawn
    client.post("/language", data={"language": "en", "next": "/"})
    english = client.get(f"/cohorts/{arabic_facilitator.id}/report").text
    assert re.search(r'<text x="0" y="[\d.]+" text-anchor="start"', english)


def sheet_xml(workbook: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def test_an_xlsx_export_in_arabic_is_a_right_to_left_sheet(client, arabic_facilitator):
    from openpyxl import load_workbook

    arabic = client.get(f"/cohorts/{arabic_facilitator.id}/report.xlsx").data
    assert '<sheetView rightToLeft="1"' in sheet_xml(arabic)
    assert load_workbook(io.BytesIO(arabic)).active.sheet_view.rightToLeft
    client.post("/language", data={"language": "es", "next": "/"})
    spanish = client.get(f"/cohorts/{arabic_facilitator.id}/report.xlsx").data
    assert "rightToLeft" not in sheet_xml(spanish)


def test_attendance_names_and_emails_are_isolated(client, arabic_facilitator):
    live = db.session.scalar(select(LiveSession))
    user = db.session.scalar(select(User).where(User.country == "CO"))
    service.enrol(arabic_facilitator.id, user.id)
    db.session.commit()
    page = client.get(f"/cohorts/{arabic_facilitator.id}/sessions/{live.id}/attendance").text
    assert f"<bdi>{user.name}</bdi> <bdi>&lt;{user.email}&gt;</bdi>" in page
