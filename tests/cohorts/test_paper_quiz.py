"""A quiz on paper: a facilitator prints the sheet and the key, types a learner's answers on the
cohort's page, and the graded attempt shows in the learner's record and the report like any
other."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.cohorts import service as cohort_service
from lms.extensions import db
from lms.models import ModuleCompletion, QuizAttempt
from lms.quiz import paper
from lms.quiz.grading import grade


def letters_for(module, answers: dict[str, list[str]]) -> str:
    groups = []
    for question in module.quiz_key.questions:
        chosen = answers.get(question.id, [])
        groups.append(
            "".join(paper.letter(question.options.index(o)) for o in chosen) if chosen else "-"
        )
    return " ".join(groups)


def all_correct(module) -> dict[str, list[str]]:
    return {q.id: sorted(q.correct, key=q.options.index) for q in module.quiz_key.questions}


@pytest.fixture
def member(cohort, make_user):
    learner = make_user(email="ana@example.org", name="Ana Paper")
    cohort_service.enrol(cohort.id, learner.id)
    db.session.commit()
    return learner


def enter(client, cohort, module, rows: dict[int, str], **form):
    data = {"answered_on": "2023-08-20", "language": "es", **form}
    data.update({f"answers-{user_id}": typed for user_id, typed in rows.items()})
    return client.post(f"/cohorts/{cohort.id}/paper/{module.slug}", data=data)


def attempts(user_id):
    return list(db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id)))


def test_typed_letters_are_read_per_question_in_the_sheets_order(module1):
    typed = letters_for(module1, all_correct(module1)).lower()
    assert paper.parse_answers(module1, typed) == all_correct(module1)
    blank = " ".join("-" for _ in module1.quiz_key.questions)
    assert paper.parse_answers(module1, blank) == {q.id: [] for q in module1.quiz_key.questions}


@pytest.mark.parametrize(
    ("typed", "message"),
    [("A B", "2 answers typed for"), ("Z" + " A" * 13, "Question 1 has no option Z")],
)
def test_answers_that_do_not_fit_the_sheet_are_refused_with_the_reason(
    app, module1, typed, message
):
    with app.test_request_context(), pytest.raises(paper.PaperAnswersError, match=message):
        paper.parse_answers(module1, typed)


def test_a_facilitator_enters_a_sheet_graded_as_online_and_marked_on_paper(
    facilitator_client, facilitator, cohort, member, module1
):
    wrong_first = {**all_correct(module1), module1.quiz_key.questions[0].id: ["a"]}
    response = enter(
        facilitator_client, cohort, module1, {member.id: letters_for(module1, wrong_first)}
    )
    assert response.status_code == 302
    [attempt] = attempts(member.id)
    expected = grade(module1.quiz_key, wrong_first)
    assert attempt.on_paper and attempt.entered_by_id == facilitator.id
    assert attempt.percent == expected.percent and attempt.passed
    assert attempt.language == "es" and attempt.number == 1
    assert db.session.scalar(select(ModuleCompletion).where(ModuleCompletion.user_id == member.id))
    detail = facilitator_client.get(f"/cohorts/{cohort.id}/learners/{member.id}").get_data(
        as_text=True
    )
    assert "Carla Facilitadora" in detail
    report = facilitator_client.get(f"/cohorts/{cohort.id}/report").get_data(as_text=True)
    assert "Ana Paper" in report and re.search(r"9\d(,\d+)?\s?%", report)


def test_entering_the_same_sheet_twice_records_one_attempt(
    facilitator_client, cohort, member, module1
):
    typed = letters_for(module1, all_correct(module1))
    assert enter(facilitator_client, cohort, module1, {member.id: typed}).status_code == 302
    assert enter(facilitator_client, cohort, module1, {member.id: typed}).status_code == 302
    assert len(attempts(member.id)) == 1
    # Another sitting (another day) is another attempt.
    enter(facilitator_client, cohort, module1, {member.id: typed}, answered_on="2023-08-27")
    assert len(attempts(member.id)) == 2


def test_paper_attempts_count_against_the_attempts_allowed(
    facilitator_client, cohort, member, module1
):
    blank = " ".join("-" for _ in module1.quiz_key.questions)
    for day in range(1, module1.max_attempts + 1):
        response = enter(
            facilitator_client, cohort, module1, {member.id: blank}, answered_on=f"2023-08-0{day}"
        )
        assert response.status_code == 302
    refused = enter(
        facilitator_client, cohort, module1, {member.id: blank}, answered_on="2023-08-30"
    )
    assert refused.status_code == 400
    assert "used every attempt" in refused.get_data(as_text=True)
    assert len(attempts(member.id)) == module1.max_attempts


def test_one_bad_row_writes_nothing(facilitator_client, cohort, member, make_user, module1):
    other = make_user(email="ben@example.org", name="Ben")
    cohort_service.enrol(cohort.id, other.id)
    db.session.commit()
    good = letters_for(module1, all_correct(module1))
    response = enter(facilitator_client, cohort, module1, {member.id: good, other.id: "A B C"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "nothing was recorded" in page and good in page  # the typed rows are kept
    assert attempts(member.id) == [] and attempts(other.id) == []


def test_only_the_cohorts_learners_have_rows(
    facilitator_client, cohort, member, make_user, module1
):
    stranger = make_user(email="stranger@example.org")
    good = letters_for(module1, all_correct(module1))
    enter(facilitator_client, cohort, module1, {stranger.id: good})
    assert attempts(stranger.id) == []


def test_the_sheet_has_no_answers_and_the_key_has_them(facilitator_client, module1):
    sheet = facilitator_client.get(f"/modules/{module1.slug}/paper/fr/sheet")
    key = facilitator_client.get(f"/modules/{module1.slug}/paper/fr/key")
    assert sheet.status_code == key.status_code == 200
    sheet_html, key_html = sheet.get_data(as_text=True), key.get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in sheet_html
    assert 'class="name-box"' in sheet_html and 'class="correct"' not in sheet_html
    for question in module1.texts["fr"].quiz.values():
        for option in question.options.values():
            assert option.feedback not in sheet_html
    assert key_html.count('class="correct"') == sum(
        len(q.correct) for q in module1.quiz_key.questions
    )
    assert key.headers["Cache-Control"] == "private, no-store"
    assert (
        "@page" in sheet_html and "style-src 'sha256-" in sheet.headers["Content-Security-Policy"]
    )


def test_learners_cannot_print_the_answer_key(learner_client, module1):
    assert learner_client.get(f"/modules/{module1.slug}/paper/en/key").status_code == 403
