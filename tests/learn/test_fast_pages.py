"""The learner's pages: a fixed, small number of SQL queries, and "304 Not Modified" for a
page the browser already has."""

from __future__ import annotations

import pytest

from lms.cohorts import service as cohort_service
from tests.conftest import complete_lessons, page_without_transactions

LESSON = "/modules/sse-game-changer/lessons/values-and-principles"


def queries(client, url, count_queries) -> list[str]:
    statements = count_queries()
    assert client.get(url).status_code == 200
    return list(statements)


@pytest.mark.parametrize(
    "url",
    [LESSON, "/modules/sse-game-changer", "/", "/modules/sse-game-changer/glossary", "/progress"],
)
def test_a_learner_page_costs_at_most_two_queries_after_the_user(
    learner_client, url, count_queries
):
    learner_client.get(url)  # the first visit fills the page cache
    statements = queries(learner_client, url, count_queries)
    assert statements[0].replace('"', "").startswith("SELECT user.id")  # by primary key
    assert len(statements) <= 3, statements


def test_the_quiz_page_too(learner_client, module1, count_queries):
    complete_lessons(learner_client, module1)
    url = f"/modules/{module1.slug}/quiz"
    learner_client.get(url)
    assert len(queries(learner_client, url, count_queries)) <= 3


def test_the_home_page_of_a_learner_in_cohorts_does_not_grow_with_their_cohorts(
    learner_client, learner, make_cohort, count_queries
):
    cohort_service.enrol(make_cohort().id, learner.id)
    one = len(queries(learner_client, "/", count_queries))
    for _ in range(3):
        cohort_service.enrol(make_cohort().id, learner.id)
    assert len(queries(learner_client, "/", count_queries)) == one <= 6


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_page_the_browser_has_is_not_sent_again(learner_client, module1, encoding):
    first = learner_client.get(LESSON, headers={"Accept-Encoding": encoding})
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = learner_client.get(LESSON, headers={"If-None-Match": etag, "Accept-Encoding": encoding})
    assert again.status_code == 304 and again.data == b""
    learner_client.post(f"{LESSON}/complete")
    changed = learner_client.get(LESSON, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_validator_differs_by_interface_language(client, learner_client):
    english = learner_client.get(LESSON).headers["ETag"]
    learner_client.post("/language", data={"language": "es", "next": LESSON})
    spanish = learner_client.get(LESSON, headers={"If-None-Match": english})
    assert spanish.status_code == 200 and "Lección" in spanish.data.decode()


def test_cached_pages_carry_this_requests_csrf_token_and_return_address(learner_client):
    learner_client.get(LESSON)
    page = learner_client.get(LESSON + "?lang=es").data.decode()
    assert "\ue000" not in page
    assert f'name="next" value="{LESSON}?lang=es"' in page


@pytest.mark.parametrize("url", [LESSON, "/modules/sse-game-changer", "/"])
def test_a_learners_page_is_read_without_a_transaction(learner_client, url):
    """Each read is one statement on a connection kept for such reads (lms.core.direct_reads):
    no pooled connection taken, no BEGIN and ROLLBACK around them."""
    page_without_transactions(learner_client, url)
