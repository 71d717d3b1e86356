"""Grading, as plain functions of the key and the selections."""

import pytest

from lms.content.model import QuestionKey, QuizKey
from lms.quiz.grading import grade, question_fraction

SINGLE = QuestionKey("s", "single", 1.0, ("a", "b", "c"), frozenset({"b"}))
TRUE_FALSE = QuestionKey("t", "true_false", 1.0, ("true", "false"), frozenset({"false"}))
MULTIPLE = QuestionKey("m", "multiple", 2.0, ("a", "b", "c", "d"), frozenset({"a", "c"}))


@pytest.mark.parametrize(
    ("question", "selected", "fraction"),
    [
        (SINGLE, {"b"}, 1.0),
        (SINGLE, {"a"}, 0.0),
        (SINGLE, set(), 0.0),
        (SINGLE, {"a", "b"}, 0.0),  # a forged form with two answers earns nothing
        (TRUE_FALSE, {"false"}, 1.0),
        (TRUE_FALSE, {"true"}, 0.0),
        (MULTIPLE, {"a", "c"}, 1.0),
        (MULTIPLE, {"a"}, 0.5),  # half of the right options
        (MULTIPLE, {"a", "b"}, 0.0),  # one right, one wrong
        (MULTIPLE, {"a", "c", "b"}, 0.5),  # all right, plus one of two wrong
        (MULTIPLE, {"a", "b", "c", "d"}, 0.0),  # ticking everything earns nothing
        (MULTIPLE, {"b", "d"}, 0.0),
        (MULTIPLE, {"a", "z"}, 0.5),  # unknown ids are ignored
    ],
)
def test_question_fraction(question, selected, fraction):
    assert question_fraction(question, selected) == fraction


def test_grade_adds_points_and_computes_the_percentage():
    key = QuizKey((SINGLE, TRUE_FALSE, MULTIPLE))
    result = grade(key, {"s": ["b"], "t": ["true"], "m": ["a"]})
    assert [q.points for q in result.questions] == [1.0, 0.0, 1.0]
    assert [q.outcome for q in result.questions] == ["correct", "incorrect", "partial"]
    assert (result.points, result.max_points, result.percent) == (2.0, 4.0, 50.0)


def test_unanswered_questions_score_zero():
    result = grade(QuizKey((SINGLE, MULTIPLE)), {})
    assert result.points == 0
    assert result.questions[0].selected == ()
