"""No sentence is assembled from pieces: each is one translatable text with placeholders, so a
translator can put its words in the order the language needs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

import lms
from lms.certificates.pdf import statement_lines
from lms.demo import load_demo
from lms.extensions import db
from lms.languages import LANGUAGES
from lms.models import Cohort
from tests.conftest import log_in

# A colon after a value or a tag, a list joined by hand.
PIECES = (r"\}\}\)?\s*:", r"</(strong|span)>\s*:", r'join\(", "\)', r"loop\.last %\}[,;]")
TEMPLATES = sorted(Path(lms.__file__).parent.rglob("templates/**/*.html"))


def test_the_certificate_statement_is_one_text_whose_lines_a_translator_orders():
    # Korean puts the name first and the verb last: the line holding the name takes its style.
    korean = "%(name)s 님은\n%(title)s\n과정을 수료하였음을 증명합니다"
    assert statement_lines(korean, "김민지", "사회연대경제") == [
        ("김민지 님은", "name"),
        ("사회연대경제", "title"),
        ("과정을 수료하였음을 증명합니다", "text"),
    ]
    english = "This certifies that\n%(name)s\nhas completed the module\n%(title)s"
    assert [style for _text, style in statement_lines(english, "Ana", "SSE")] == [
        "text", "name", "text", "title"
    ]  # fmt: skip


def test_no_template_puts_a_colon_or_a_list_separator_outside_a_translatable_text():
    """French writes a space before a colon and Arabic joins lists with "،" and "و": colons go
    inside the msgid, lists through Babel (the `listformat` filter)."""
    problems = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern in PIECES:
            if re.search(pattern, text):
                problems.append(f"{path.name}: {pattern}")
    assert problems == []


def test_the_report_says_completed_on_a_date_in_one_text(client, app):
    load_demo()
    cohort = db.session.scalar(select(Cohort))
    log_in(client, "facilitator@example.org", "demo-facilitator-2023")
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.get(f"/cohorts/{cohort.id}/report").data.decode()
    assert re.search(r"Completed on [A-Z][a-z]+ \d+, \d{4}", page)


def test_the_inactivity_filter_is_a_number_field_labelled_with_its_unit(facilitator_client, cohort):
    page = facilitator_client.get(f"/cohorts/{cohort.id}/progress").data.decode()
    assert '<label for="days">Days without activity</label>' in page
    assert 'type="number"' in page and 'aria-describedby="days-hint"' in page
    assert "Inactive for at least" not in page


def test_labels_and_values_are_one_text(learner_client, learner):
    page = learner_client.get("/account").data.decode()
    assert f"Email: <bdi>{learner.email}</bdi>" in page


def test_the_catalogue_joins_language_names_as_the_page_language_does(client):
    page = client.get("/", headers={"Accept-Language": "es"}).text
    lists = re.findall(r'<p class="languages-list">(.*?)</p>', page, re.S)
    assert lists, "the lists of languages of the modules"
    separators = set()
    for paragraph in lists:
        names = re.findall(r'<span lang="(\w+)" dir="(\w+)">', paragraph)
        assert names and all(direction == LANGUAGES[code].direction for code, direction in names)
        separators |= set(re.findall(r"</span>(.*?)<span", paragraph))
    assert separators <= {", ", " y "}  # as Babel joins a list in Spanish


def test_the_run_sheet_lists_what_opens_as_a_list(facilitator_client, facilitator, make_cohort):
    cohort = make_cohort(facilitator, starts_on=date(2023, 8, 14), ends_on=date(2023, 9, 8))
    page = facilitator_client.get(f"/cohorts/{cohort.id}/run-sheet").data.decode()
    assert re.search(r"<td>Module 1, Module 2, (.*) and Module \d</td>", page)


def test_a_range_of_dates_is_written_as_the_language_writes_one(app):
    from flask_babel import force_locale

    from lms.i18n import date_range

    start, end = date(2023, 8, 14), date(2023, 9, 8)
    with app.test_request_context():
        with force_locale("en"):
            assert date_range(start, end, "long") == "Aug 14\u2009–\u2009Sep 8, 2023"
        with force_locale("ko"):
            assert date_range(start, end, "long") == "2023년 8월 14일~9월 8일"
        with force_locale("ru"):
            assert date_range(start, end) == "14 авг. — 8 сент. 2023\u202fг."
