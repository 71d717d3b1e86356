"""Taking a module quiz: locked until the lessons are done, graded on the server, attempts kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import func, insert, select

from lms.cohorts import service as cohorts
from lms.extensions import db
from lms.learn import service as learn_service
from lms.models import ModuleCompletion, QuizAttempt
from lms.quiz import service
from lms.records.results import results_for
from tests.conftest import complete_lessons, no_transaction_begun
from tests.quiz.helpers import answers, quiz_fields, quiz_token, submit

QUIZ = "/modules/sse-game-changer/quiz"


def attempts_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(QuizAttempt.id)).where(QuizAttempt.user_id == user_id)
    )


def test_the_quiz_is_locked_until_every_lesson_is_complete(learner_client, module1):
    complete_lessons(learner_client, module1, module1.lesson_ids[:-1])
    response = learner_client.get(QUIZ)
    assert response.status_code == 302
    assert response.headers["Location"] == "/modules/sse-game-changer"
    follow = learner_client.get("/modules/sse-game-changer").data
    assert b"Please complete every lesson of this module before taking its quiz." in follow


def test_posting_to_a_locked_quiz_records_nothing(learner_client, learner, module1):
    response = learner_client.post(QUIZ, data={"token": "x" * 32, **answers(module1, 99)})
    assert response.status_code == 302
    assert attempts_count(learner.id) == 0


def test_the_answer_key_never_reaches_the_browser(learner_client, module1):
    complete_lessons(learner_client, module1)
    page = learner_client.get(QUIZ).data.decode()
    for text in module1.texts["en"].quiz.values():
        assert escape(text.prompt) in page
        for option in text.options.values():
            assert escape(option.text) in page
            assert escape(option.feedback) not in page


def test_failing_then_passing_completes_the_module(learner_client, learner, module1):
    complete_lessons(learner_client, module1)
    total = len(module1.quiz_key.questions)
    failed = submit(learner_client, module1, right=2)
    assert failed.headers["Location"] == f"{QUIZ}/attempts/1"
    result = learner_client.get(f"{QUIZ}/attempts/1").data.decode()
    assert "Not passed yet." in result
    assert "You have 2 attempts left." in result
    assert results_for(learner.id, [module1])[module1.slug].completed_at is None

    passed = submit(learner_client, module1, right=total)
    assert passed.headers["Location"] == f"{QUIZ}/attempts/2"
    result = learner_client.get(f"{QUIZ}/attempts/2").data.decode()
    assert "Passed." in result
    assert "You have completed this module." in result
    progress = learner_client.get("/progress").data.decode()
    assert "Completed" in progress
    assert "100%" in progress


def test_after_passing_the_certificate_is_offered_where_the_learner_is(
    learner_client, module1, catalogue
):
    certificate = f'action="/certificates/module/{module1.slug}"'
    complete_lessons(learner_client, module1)
    submit(learner_client, module1, right=2)
    assert certificate not in learner_client.get(f"{QUIZ}/attempts/1").data.decode()
    assert certificate not in learner_client.get("/progress").data.decode()
    submit(learner_client, module1, right=len(module1.quiz_key.questions))
    assert certificate in learner_client.get(f"{QUIZ}/attempts/2").data.decode()
    progress = learner_client.get("/progress").data.decode()
    assert progress.count('action="/certificates/module/') == 1  # only the completed module's
    assert certificate in progress
    download = learner_client.post(f"/certificates/module/{module1.slug}")
    assert download.status_code == 302
    assert learner_client.get(download.headers["Location"]).mimetype == "application/pdf"


def test_result_page_gives_feedback_on_each_chosen_option(learner_client, module1):
    complete_lessons(learner_client, module1)
    submit(learner_client, module1, right=0)
    page = learner_client.get(f"{QUIZ}/attempts/1").data.decode()
    for question in module1.quiz_key.questions:
        wrong = next(o for o in question.options if o not in question.correct)
        assert escape(module1.texts["en"].quiz[question.id].options[wrong].feedback) in page
    assert "Correct answer:" not in page  # not while attempts remain


def test_the_best_score_counts(learner_client, learner, module1):
    complete_lessons(learner_client, module1)
    submit(learner_client, module1, right=len(module1.quiz_key.questions))
    submit(learner_client, module1, right=0)
    progress = results_for(learner.id, [module1])[module1.slug]
    assert progress.best_percent == 100
    assert progress.completed_at is not None


def test_attempts_are_limited_and_the_page_says_so(learner_client, learner, module1):
    complete_lessons(learner_client, module1)
    for _ in range(module1.max_attempts):
        submit(learner_client, module1, right=0)
    page = learner_client.get(QUIZ).data.decode()
    assert "You have used all 3 attempts at this quiz." in page
    assert 'name="token"' not in page
    extra = learner_client.post(QUIZ, data={"token": "y" * 32, **answers(module1, 99)})
    assert b"You have used all 3 attempts at this quiz." in extra.data
    assert attempts_count(learner.id) == module1.max_attempts
    result = learner_client.get(f"{QUIZ}/attempts/3").data.decode()
    assert "Correct answer:" in result  # the key is shown once no attempt is left


def test_a_resubmitted_form_records_one_attempt(learner_client, learner, module1):
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    first = submit(learner_client, module1, right=5, token=token)
    again = submit(learner_client, module1, right=12, token=token)
    assert first.headers["Location"] == again.headers["Location"] == f"{QUIZ}/attempts/1"
    assert attempts_count(learner.id) == 1


def test_a_submission_is_written_at_once_outside_the_sessions_transactions(
    learner_client, learner, module1, count_queries
):
    """The attempt and, when it passes, the module's completion are one transaction of their
    own, committed before the answer: on PostgreSQL one statement, on SQLite two within BEGIN
    IMMEDIATE ... COMMIT. Before it, two reads: who is signed in; whether the module is open to
    them, and their lessons, in one."""
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    statements = count_queries()
    with no_transaction_begun():
        response = submit(learner_client, module1, right=len(module1.quiz_key.questions),
                          token=token)  # fmt: skip
    assert response.headers["Location"] == f"{QUIZ}/attempts/1"
    writes = [sql for sql in statements if not sql.lstrip().startswith("SELECT")]
    assert len(writes) == (1 if db.engine.dialect.name == "postgresql" else 2), writes
    assert len(statements) == 2 + len(writes), statements
    assert attempts_count(learner.id) == 1
    completion = db.session.scalar(select(ModuleCompletion).filter_by(user_id=learner.id))
    attempt = db.session.scalar(select(QuizAttempt).filter_by(user_id=learner.id))
    assert attempt.passed and completion.completed_at == attempt.submitted_at


def test_numbering_an_attempt_costs_the_same_however_many_came_before(
    app, learner, module1, database_url
):
    """The next number is read from the last one alone: counted in SQLite's own steps, not in
    time (an aggregate with HAVING once stepped through every earlier attempt)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite counts the steps of a statement")
    endless = replace(module1, max_attempts=100_000)
    user_id = learner.id

    def steps_of_one_attempt() -> int:
        steps = [0]
        raw = db.session.connection().connection.dbapi_connection
        raw.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1), 1)
        service.record_attempt(user_id, endless, {}, service.new_token(), "en")
        raw.set_progress_handler(None, 1)
        db.session.commit()
        return steps[0]

    steps_of_one_attempt()  # the statements are compiled and cached
    second = steps_of_one_attempt()
    db.session.execute(
        insert(QuizAttempt),
        [
            {"user_id": user_id, "module_slug": module1.slug, "number": number,
             "token": f"earlier-attempt-{number:06d}", "language": "en", "answers": {},
             "points": 0, "max_points": 1, "percent": 0, "passed": False}
            for number in range(3, 2003)
        ],
    )  # fmt: skip
    db.session.commit()
    assert steps_of_one_attempt() <= second * 1.1


def test_submit_attempt_returns_the_same_attempt_for_the_same_token(app, learner, module1):
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(learner.id, module1, lesson_id)
    token = service.new_token()
    first = service.submit_attempt(learner.id, module1, {}, token, "en")
    second = service.submit_attempt(learner.id, module1, {"x": ["a"]}, token, "en")
    assert first.id == second.id
    db.session.commit()
    assert attempts_count(learner.id) == 1


def test_unanswered_questions_are_flagged_and_answers_kept(learner_client, learner, module1):
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    data = answers(module1, 99)
    first_field, first_choice = next(iter(data.items()))
    partial = {"token": token, first_field: first_choice}
    page = learner_client.post(QUIZ, data=partial).data.decode()
    assert "Please answer this question." in page
    assert f'value="{first_choice[0]}" checked' in page or "checked" in page
    assert f'value="{token}"' in page  # the same one-time token, still unused
    assert attempts_count(learner.id) == 0


def test_the_banner_says_whether_none_or_only_some_questions_were_answered(
    learner_client, learner, module1
):
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    none_answered = learner_client.post(QUIZ, data={"token": token}).data.decode()
    assert "No question has an answer yet. Please choose an answer for each one." in none_answered
    assert "Some questions have no answer yet." not in none_answered
    assert none_answered.count('class="question has-error"') == len(module1.quiz_key.questions)
    first_field, first_choice = next(iter(answers(module1, 99).items()))
    some = learner_client.post(QUIZ, data={"token": token, first_field: first_choice})
    assert "Some questions have no answer yet. Your other answers are kept." in some.data.decode()
    assert "No question has an answer yet." not in some.data.decode()
    assert attempts_count(learner.id) == 0


@pytest.mark.parametrize(("sent", "recorded"), [("es", "es"), ("xx", "en"), ("", "en")])
def test_an_attempt_is_recorded_in_the_language_its_questions_were_shown_in(
    learner_client, learner, module1, sent, recorded
):
    """The form says which language it showed (the learner may have changed theirs since); a
    language the module does not have counts for nothing."""
    complete_lessons(learner_client, module1)
    fields = quiz_fields(learner_client, module1, lang="es")
    assert fields["language"] == "es"
    data = {"token": fields["token"], "language": sent, **answers(module1, right=1)}
    response = learner_client.post(QUIZ, data=data)
    assert response.status_code == 302
    assert "lang=" not in response.location  # the form's address had none
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == learner.id))
    assert attempt.language == recorded


def test_another_learners_attempt_is_not_visible(learner_client, make_user, module1, client):
    other = make_user()
    for lesson_id in module1.lesson_ids:
        learn_service.mark_lesson_complete(other.id, module1, lesson_id)
    service.submit_attempt(other.id, module1, {}, service.new_token(), "en")
    db.session.commit()
    assert learner_client.get(f"{QUIZ}/attempts/1").status_code == 404


def test_the_quiz_in_spanish_grades_the_same(learner_client, learner, module1):
    complete_lessons(learner_client, module1, lang="es")
    page = learner_client.get(f"{QUIZ}?lang=es").data.decode()
    first = module1.quiz_key.questions[0].id
    assert module1.texts["es"].quiz[first].prompt.split()[0] in page
    submit(learner_client, module1, right=len(module1.quiz_key.questions), lang="es")
    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == learner.id))
    assert (attempt.language, attempt.percent, attempt.passed) == ("es", 100.0, True)
    assert db.session.scalar(select(ModuleCompletion.user_id)) == learner.id


def test_a_sheet_sent_before_the_module_opens_records_nothing(
    learner_client, learner, module1, make_cohort
):
    """Lessons done, then enrolled in a cohort that opens the module later: the sheet is sent
    back to the module page with the date; once another of their cohorts has it open, it goes
    in. One read answers both checks (opening_and_lessons)."""
    complete_lessons(learner_client, module1)
    token = quiz_token(learner_client, module1)
    later = make_cohort(openings={module1.slug: date(2099, 1, 4)})
    cohorts.enrol(later.id, learner.id)
    db.session.commit()
    response = submit(learner_client, module1, right=1, token=token)
    assert response.headers["Location"] == f"/modules/{module1.slug}"
    assert attempts_count(learner.id) == 0
    assert "This module opens on January 4, 2099." in learner_client.get(response.location).text
    cohorts.enrol(make_cohort(openings={module1.slug: date(2023, 8, 14)}).id, learner.id)
    db.session.commit()
    assert submit(learner_client, module1, right=1, token=token).status_code == 302
    assert attempts_count(learner.id) == 1
