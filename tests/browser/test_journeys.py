"""The journeys of the issue, in a real browser on a 360-pixel phone, checked at every step."""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from babel.support import Translations

from lms.demo_cohort import NAME as DEMO_COHORT
from lms.translate import TRANSLATIONS
from tests.browser.steps import FIRST, answer, log_in, pick_language, read_every_lesson, sign_up


def take_the_quiz_twice(trip) -> None:
    """Fail first, then pass, then get the certificate from where the learner is."""
    page = trip.page
    trip.goto(f"/modules/{FIRST.slug}/quiz")
    trip.check("quiz")
    page.locator("form.quiz button[type=submit]").click()
    trip.check("quiz sent empty")
    assert page.locator("fieldset.question.has-error").count() == len(FIRST.quiz_key.questions)
    answer(trip, right=False)
    page.locator("form.quiz button[type=submit]").click()
    trip.check("quiz failed")
    assert page.locator(".score.fail").is_visible()
    page.locator(f"main a.button[href*='/modules/{FIRST.slug}/quiz']").click()
    trip.check("quiz again")
    answer(trip, right=True)
    page.locator("form.quiz button[type=submit]").click()
    trip.check("quiz passed")
    assert page.locator(".score.pass").is_visible()
    with page.expect_download() as download:
        page.locator("main form[action*='/certificates/module/'] button").click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(("language", "name"), [("ar", "ليلى حداد"), ("es", "Rosa Quispe")])
def test_a_learner_signs_up_completes_module_one_and_downloads_the_certificate(
    journey, language, name
):
    """In Arabic with JavaScript on (axe runs on every page); in Spanish with JavaScript off."""
    trip = journey(f"learner-{language}", javascript=language == "ar")
    trip.goto("/")
    trip.check("catalogue")
    pick_language(trip, language)
    trip.check("catalogue in the chosen language")
    sign_up(trip, name)
    assert trip.page.locator("html").get_attribute("lang") == language
    read_every_lesson(trip)
    take_the_quiz_twice(trip)
    trip.page.locator("header nav a[href$='/progress']").click()
    trip.check("my progress")
    see_and_download_my_data(trip)
    change_the_interface_language(trip, "pt")
    trip.finish()


def see_and_download_my_data(trip) -> None:
    page = trip.page
    page.locator("header nav a[href$='/account']").click()
    page.locator("main a[href$='/account/data']").click()
    trip.check("my data")
    with page.expect_download() as download:
        page.locator("main form[action$='/account/data/export'] button").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.locator("main a[href$='/privacy']").click()
    trip.check("privacy notice")
    page.go_back()
    page.locator("main a[href$='/account/delete']").click()
    trip.check("delete my account")


def change_the_interface_language(trip, code: str) -> None:
    """On /account; the confirmation comes in the language just chosen (defect 2)."""
    page = trip.page
    page.locator("header nav a[href$='/account']").click()
    trip.check("account")
    page.locator("select[name=locale]").select_option(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    trip.check("account saved")
    assert page.locator("html").get_attribute("lang") == code
    saved = Translations.load(TRANSLATIONS, [code]).gettext("Your settings are saved.")
    assert saved != "Your settings are saved."
    assert page.locator(".flash.success").inner_text().strip() == saved


def test_the_quiz_can_be_taken_with_the_keyboard_alone(journey):
    trip = journey("keyboard")
    page = trip.page
    trip.goto("/")
    sign_up(trip, "Keyboard User")
    read_every_lesson(trip)
    trip.goto(f"/modules/{FIRST.slug}/quiz")
    trip.check("quiz")
    page.locator("form.quiz input[type=radio], form.quiz input[type=checkbox]").first.focus()
    page.keyboard.press(
        "Shift+Tab"
    )  # start just before the first question, as a tabbing person would
    for question in FIRST.quiz_key.questions:
        page.keyboard.press("Tab")  # into the question: a radio group, or its first checkbox
        if question.type == "multiple":
            for position, option in enumerate(question.options):
                if position:
                    page.keyboard.press("Tab")
                if option in question.correct:
                    page.keyboard.press("Space")
        else:
            target = question.options.index(next(iter(question.correct)))
            if target == 0:
                page.keyboard.press("Space")
            for _ in range(target):
                page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.name")
        assert focused == f"q-{question.id}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    trip.check("passed with the keyboard")
    assert page.locator(".score.pass").is_visible()
    trip.finish()


FACILITATOR = ("facilitator@example.org", "demo-facilitator-2023")


def learners_csv(cohort: str) -> bytes:
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["email", "firstname", "lastname", "lang", "country", "institution"])
    writer.writerow([f"ana.{cohort}@example.org", "Ana", "Gómez Salazar", "es", "PE", "CGTP"])
    writer.writerow([f"joao.{cohort}@example.org", "João", "Pereira", "pt", "BR", "CUT"])
    writer.writerow(["not an address", "Bad", "Row", "es", "PE", ""])
    return rows.getvalue().encode()


def tab(trip, endpoint_path: str, step: str) -> None:
    trip.page.locator(f"nav.tabs a[href$='{endpoint_path}']").click()
    trip.check(step)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_facilitator_runs_a_cohort_from_creation_to_the_report(journey, language):
    trip = journey(f"facilitator-{language}")
    page = trip.page
    log_in(trip, *FACILITATOR)
    pick_language(trip, language)
    trip.check("home")
    page.locator("header nav a[href$='/cohorts']").click()
    trip.check("cohorts")
    page.locator("main a[href*='/items/']").first.click()
    trip.check("item analysis across cohorts")

    page.go_back()
    page.locator("main a.button[href$='/cohorts/new']").click()
    trip.check("new cohort form")
    suffix = uuid.uuid4().hex[:6]
    page.fill("input[name=name]", f"Escuela sindical {suffix}")
    page.fill("input[name=starts_on]", "2027-03-01")
    page.fill("input[name=ends_on]", "2027-03-26")
    page.locator("select[name=timezone]").select_option("America/Lima")
    page.check("input[name=include_1]")
    page.check("input[name=published]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("cohort created")
    cohort_path = trip.site.path(page.url)
    assert re.fullmatch(r"/cohorts/\d+", cohort_path), cohort_path

    page.locator(f"main a[href$='{cohort_path}/edit']").click()
    trip.check("edit form")
    page.fill("textarea[name=description]", "Cuatro semanas, una sesión en vivo.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    trip.check("cohort edited")

    tab(trip, f"{cohort_path}/learners", "learners")
    page.locator(f"main a[href$='{cohort_path}/import']").click()
    trip.check("import form")
    page.set_input_files(
        "input[type=file]",
        {"name": "learners.csv", "mimeType": "text/csv", "buffer": learners_csv(suffix)},
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("import preview")
    page.locator("main form button.primary").click()
    page.wait_for_load_state("load")
    trip.check("import done")
    page.locator(f"main a.button[href$='{cohort_path}/learners']").click()
    trip.check("learners after the import")
    assert page.locator("main").get_by_text(f"ana.{suffix}@example.org").count() >= 1

    tab(trip, f"{cohort_path}/sessions", "live sessions")
    page.fill("input[name=title]", "Sesión en vivo con dos invitadas")
    page.fill("input[name=day]", "2027-03-18")
    page.fill("input[name=time]", "15:00")
    page.fill("textarea[name=speakers]", "Simel Esim\nMarcela Ruiz")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("session added")
    page.locator("main a[href*='/attendance']").first.click()
    trip.check("attendance form")
    page.locator("main input[type=checkbox]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("attendance recorded")

    tab(trip, f"{cohort_path}/progress", "progress grid")
    tab(trip, f"{cohort_path}/announcements", "announcements")
    tab(trip, f"{cohort_path}/run-sheet", "run-sheet")
    tab(trip, f"{cohort_path}/report", "report")
    with page.expect_download() as download:
        page.locator("main a[href$='/report.csv']").click()
    report = download.value.path().read_text(encoding="utf-8-sig")
    assert f"ana.{suffix}@example.org" in report and f"joao.{suffix}@example.org" in report
    page.locator("main a[href*='/items/']").first.click()
    trip.check("item analysis")
    page.go_back()
    page.locator("main table a[href*='/learners/']").first.click()
    trip.check("learner record")
    page.locator("main a[href$='/transcript']").click()
    trip.check("transcript")

    trip.goto("/cohorts")
    page.locator("main table a", has_text=DEMO_COHORT).click()  # a cohort with results to chart
    trip.check("demo cohort")
    tab(trip, "/report", "demo cohort report")
    tab(trip, "/progress", "demo cohort progress grid")
    page.locator("nav.tabs a").first.click()  # back to the overview
    page.locator("main a[href*='/paper/']").first.click()
    trip.check("paper answers")
    page.locator("main a[href$='/sheet']").first.click()
    trip.check("paper quiz sheet")
    page.go_back()
    page.locator("main a[href$='/key']").first.click()
    trip.check("answer key")
    trip.finish()


ADMIN = ("admin@example.org", "demo-admin-2023")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_administrator_finds_a_person_and_reads_the_audit_trail(journey, language):
    trip = journey(f"admin-{language}")
    page = trip.page
    log_in(trip, *ADMIN)
    pick_language(trip, language)
    page.locator("header nav a[href$='/admin/people']").click()
    trip.check("people")
    page.fill("input[name=q]", "estudiante")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("people found")
    page.locator("main table a[href*='/admin/people/']").first.click()
    trip.check("a person")
    page.locator("header nav a[href$='/admin/people']").click()
    page.locator("main a[href$='/admin/audit']").click()
    trip.check("audit trail")
    trip.finish()
