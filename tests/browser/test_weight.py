"""Every learner page is light on the wire, as Chromium downloads it: at most 30 KB on a first visit
and 8 KB on the next, with nothing from another host."""

from __future__ import annotations

from tests.browser.measure import Meter
from tests.browser.steps import FIRST, answer, read_every_lesson, sign_up


def learner_pages() -> list[str]:
    module = f"/modules/{FIRST.slug}"
    return [
        "/",
        module,
        f"{module}/lessons/{FIRST.lesson_ids[0]}",
        f"{module}/glossary",
        f"{module}/quiz",
        f"{module}/quiz/attempts",
        f"{module}/quiz/attempts/1",
        "/progress",
        "/transcript",
        "/account",
        "/account/data",
        "/privacy",
        "/about",
        "/resources",
        "/join",
    ]


def test_every_learner_page_is_light_on_a_first_and_a_next_visit(journey, site):
    trip = journey("weight", checked=False)
    trip.goto("/")
    sign_up(trip, "Weight Watcher")
    read_every_lesson(trip)
    trip.goto(f"/modules/{FIRST.slug}/quiz")
    answer(trip, right=False)
    trip.page.locator("form.quiz button[type=submit]").click()
    trip.page.wait_for_load_state("load")

    meter = Meter(trip.page)
    weights = [meter.weigh(site.url, path) for path in learner_pages()]
    for weight in weights:
        print(
            f"{weight.path:<55} first {weight.first_visit:>6} B ({weight.first_requests} requests)"
            f"  next {weight.next_visit:>6} B ({weight.next_requests})"
        )
    problems = [problem for weight in weights for problem in weight.over_budget()]
    origin = site.url.split("//")[1]
    problems += [
        f"{w.path}: requests to {sorted(w.hosts - {origin})}" for w in weights if w.hosts - {origin}
    ]
    assert not problems, "\n".join(problems)
