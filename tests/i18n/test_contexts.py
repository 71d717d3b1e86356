"""One English string, several meanings: each meaning has its own context (pgettext), so a
translator can write "Terminé" for a status and "Ont terminé" over a count of people."""

from __future__ import annotations

from html import unescape

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lms.cohorts import service
from lms.extensions import babel
from lms.translate import extract_to
from tests.conftest import complete_lessons, log_in, make_config
from tests.quiz.helpers import submit

# Every meaning of these strings, by context; none is left without one.
MEANINGS = {
    "Completed": {"a learner's status", "number of learners", "what a certificate attests"},
    "In progress": {"a learner's status", "number of learners"},
    "Not started": {"a learner's status", "number of learners"},
    "Passed": {"the learner's own result", "a learner's result, seen by a facilitator"},
    "Not passed": {"the learner's own result", "a learner's result, seen by a facilitator"},
    "Live sessions attended: %(done)d of %(total)d.": {
        "the learner about themselves",
        "a facilitator about a learner",
    },
    "Not allowed": {
        "403: this person may not see the page",
        "405: the address does not accept this kind of request",
    },
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    template = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_to(template)
    with template.open("rb") as file:
        return read_po(file)


def test_each_meaning_has_its_own_context(extracted):
    found: dict[str, set] = {text: set() for text in MEANINGS}
    for message in extracted:
        if message.id in found:
            found[message.id].add(message.context)
    assert found == MEANINGS


@pytest.fixture(autouse=True)
def own_translations_cache():
    """Flask-Babel caches translations on the one Babel object of every app, by locale alone:
    the marked French of this module must not stay behind for the next tests."""
    babel.domain_instance.cache.clear()
    yield
    babel.domain_instance.cache.clear()


@pytest.fixture
def app_config(database_url, tmp_path):
    """French pages from a catalogue that marks each meaning: "[context] text"."""
    catalogue = Catalog(locale="fr")
    for text, contexts in MEANINGS.items():
        for context in contexts:
            catalogue.add(text, f"[{context}] {text}", context=context)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, catalogue)
    return make_config(database_url, BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))


def page(client, path: str) -> str:
    return unescape(client.get(path).text)


def test_pages_take_the_meaning_they_show(client, make_user, make_cohort, module1):
    facilitator = make_user(role="facilitator", locale="fr")
    learner = make_user(locale="fr")
    cohort = make_cohort(facilitator)
    service.enrol(cohort.id, learner.id)
    log_in(client, learner.email)
    complete_lessons(client, module1)
    submit(client, module1, right=len(module1.quiz_key.questions))
    attempts = page(client, f"/modules/{module1.slug}/quiz/attempts")
    assert "[the learner's own result] Passed" in attempts
    progress = page(client, "/progress")
    assert "[a learner's status] Completed" in progress
    assert "[403: this person may not see the page] Not allowed" in page(client, "/cohorts")
    assert "[405: the address does not accept this kind of request] Not allowed" in (
        page(client, "/logout")
    )
    client.post("/logout")
    log_in(client, facilitator.email)
    detail = page(client, f"/cohorts/{cohort.id}/learners/{learner.id}")
    assert "[a learner's result, seen by a facilitator] Passed" in detail
    report = page(client, f"/cohorts/{cohort.id}/report")
    assert "[number of learners] Completed" in report  # the column over counts
    assert "[a learner's status] Completed" in report  # the chart's legend and the cells
