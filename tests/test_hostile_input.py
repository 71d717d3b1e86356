"""Random and malformed data thrown at every address, query parameter and form (Hypothesis), on
SQLite and PostgreSQL: the answer is always a page, never a server error, and a request that was
refused leaves nothing half-written."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lms.cohorts import importing
from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.models import Base
from tests.conftest import log_in

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as hostile as it comes: any character (NUL, controls, surrogate-free Unicode), very long.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),
    st.sampled_from(["", " ", "\x00", "\r\n", "-1", "0", "2147483648", str(2**63), str(2**64),
                     "9" * 40, "1e309", "NaN", "2023-02-30", "9999-12-31", "0001-01-01",
                     "<script>", "' OR 1=1 --", "../../etc/passwd", "%00", "x" * 5000]),
)  # fmt: skip
NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str), st.sampled_from(["-0", "00", "+1"])
)
PATH_PART = st.one_of(
    NUMBER_TEXT, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1)
)


def table_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def routes(app, method: str) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods),
        key=lambda rule: rule.rule,
    )


def fill(rule, values: dict[str, str]) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", quote(values[name], safe=""), path)
    return path


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(email="admin@example.org", role="admin")
    assert log_in(client, admin.email).status_code == 302
    return client


@pytest.fixture
def world(make_cohort, learner):
    cohort = make_cohort()
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    return cohort


def test_every_address_with_any_value_in_it_answers_without_a_server_error(
    app, admin_client, world
):
    @SETTINGS
    @given(data=st.data())
    def check(data) -> None:
        for rule in routes(app, "GET"):
            values = {name: data.draw(PATH_PART, label=name) for name in rule.arguments}
            query = data.draw(st.dictionaries(st.sampled_from(
                ["page", "days", "filter", "sort", "order", "lang", "next", "code", "category"]
            ), HOSTILE_TEXT, max_size=3), label="query")  # fmt: skip
            response = admin_client.get(fill(rule, values), query_string=query)
            assert response.status_code < 500, (rule.rule, values, query)
            response.close()

    check()


def test_every_form_with_any_data_answers_without_a_server_error_or_a_half_write(
    app, admin_client, world, learner
):
    """As an administrator, who may post to every form, with ids of real objects."""
    known = {"cohort_id": str(world.id), "user_id": str(learner.id), "session_id": "1",
             "slug": "sse-game-changer", "lesson_id": "what-is-the-sse", "code": "X",
             "token": "x" * 40, "number": "1", "filename": "style.css"}  # fmt: skip
    fields = [
        "name", "email", "password", "confirm", "current", "locale", "timezone", "next",
        "description", "target_group", "region", "language", "starts_on", "ends_on",
        "published", "places", "attendance_required", "include_1", "opens_1", "title", "day",
        "time", "duration_minutes", "join_url", "speakers", "body", "code", "answer", "action",
        "payload", "links", "present", "token", "q-definition-adopted-by",
    ]  # fmt: skip

    @SETTINGS
    @given(data=st.data())
    def check(data) -> None:
        for rule in routes(app, "POST"):
            if rule.endpoint in ("auth.logout", "core.change_language"):
                continue  # they end or change the session the walk relies on
            form = data.draw(st.dictionaries(st.sampled_from(fields), HOSTILE_TEXT, max_size=6))
            before = table_counts()
            response = admin_client.post(fill(rule, known), data=form)
            assert response.status_code < 500, (rule.rule, form)
            if response.status_code >= 400:
                assert table_counts() == before, (rule.rule, form)
            response.close()

    check()


@SETTINGS
@given(text=st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1"))))
def test_the_csv_import_reads_any_text_without_raising(app, world, text):
    plan = importing.plan_import(text, world.id)
    assert plan.problem is not None or all(row.outcome for row in plan.rows)


def test_the_import_page_takes_any_file(app, client, facilitator, cohort):
    log_in(client, facilitator.email)

    @SETTINGS
    @given(raw=st.binary(max_size=3000))
    def check(raw: bytes) -> None:
        import io

        response = client.post(
            f"/cohorts/{cohort.id}/import",
            data={"file": (io.BytesIO(raw), "x.csv")},
            content_type="multipart/form-data",
        )
        assert response.status_code < 500

    check()


def test_any_quiz_submission_is_graded_or_refused_without_a_server_error(
    app, learner_client, module1
):
    from tests.conftest import complete_lessons

    complete_lessons(learner_client, module1)
    question_fields = [f"q-{question.id}" for question in module1.quiz_key.questions]

    @SETTINGS
    @given(
        form=st.dictionaries(
            st.sampled_from([*question_fields, "token", "csrf_token", "other"]),
            st.one_of(HOSTILE_TEXT, st.lists(HOSTILE_TEXT, max_size=4)),
            max_size=len(question_fields) + 2,
        )
    )
    def check(form) -> None:
        response = learner_client.post(f"/modules/{module1.slug}/quiz", data=form)
        assert response.status_code < 500, form

    check()
