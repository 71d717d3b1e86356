"""Steps a person takes, shared by the journeys and the weight measurements."""

from __future__ import annotations

import uuid

from lms.config import PROJECT_ROOT
from lms.content import load_catalogue

CATALOGUE = load_catalogue(PROJECT_ROOT / "content")
FIRST = CATALOGUE.modules[0]
PASSWORD = "a long browser password 2026"


def pick_language(trip, code: str) -> None:
    """The language menu in the header, opened and used as a person would."""
    page = trip.page
    page.locator("details.languages > summary").click()
    page.locator(f"details.languages button[value='{code}']").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == code


def sign_up(trip, name: str) -> str:
    email = f"{uuid.uuid4().hex[:10]}@example.org"
    page = trip.page
    page.locator("header nav a[href$='/signup']").click()
    trip.check("sign-up form")
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    trip.check("signed up")
    return email


def log_in(trip, email: str, password: str) -> None:
    trip.goto("/login")
    trip.check("log-in form")
    trip.page.fill("input[name=email]", email)
    trip.page.fill("input[name=password]", password)
    trip.page.locator("main form button[type=submit]").click()
    trip.page.wait_for_load_state("load")


def read_every_lesson(trip) -> None:
    page = trip.page
    page.locator(f"main a[href*='/modules/{FIRST.slug}']").first.click()
    trip.check("module page")
    page.locator(f"main a.button[href*='/modules/{FIRST.slug}/lessons/']").click()
    for number in range(1, len(FIRST.lesson_ids) + 1):
        trip.check(f"lesson {number}")
        page.locator("form.complete button").click()
        page.wait_for_load_state("load")
    trip.check("after the last lesson")


def answer(trip, right: bool) -> None:
    page = trip.page
    for question in FIRST.quiz_key.questions:
        wanted = (
            question.correct
            if right
            else {next(o for o in question.options if o not in question.correct)}
        )
        for option in question.options:
            box = page.locator(f"input[name='q-{question.id}'][value='{option}']")
            if option in wanted:
                box.check()
            elif box.get_attribute("type") == "checkbox":
                box.uncheck()
