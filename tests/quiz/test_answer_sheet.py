"""Reading a submitted answer sheet: what was chosen for each question, and what was left out."""

from werkzeug.datastructures import MultiDict

from lms.content.model import QuestionKey, QuizKey
from lms.quiz.forms import read_sheet

SINGLE = QuestionKey("s", "single", 1.0, ("a", "b", "c"), frozenset({"b"}))
MULTIPLE = QuestionKey("m", "multiple", 2.0, ("a", "b", "c", "d"), frozenset({"a", "c"}))
KEY = QuizKey((SINGLE, MULTIPLE))


def test_a_complete_sheet_gives_every_answer():
    sheet = read_sheet(KEY, MultiDict([("q-s", "b"), ("q-m", "a"), ("q-m", "c"), ("token", "x")]))
    assert sheet.answers == {"s": ["b"], "m": ["a", "c"]}
    assert sheet.unanswered == ()


def test_questions_without_an_answer_are_named_in_order():
    assert read_sheet(KEY, MultiDict()).unanswered == ("s", "m")
    sheet = read_sheet(KEY, MultiDict([("q-m", "d")]))
    assert sheet.answers == {"m": ["d"]} and sheet.unanswered == ("s",)


def test_options_not_in_the_key_count_as_no_answer():
    sheet = read_sheet(KEY, MultiDict([("q-s", "z"), ("q-m", "a"), ("q-m", "<script>")]))
    assert sheet.answers == {"m": ["a"]} and sheet.unanswered == ("s",)


def test_a_single_choice_keeps_the_first_option_sent():
    """As a radio button group is read: a forged second value is not an answer."""
    sheet = read_sheet(KEY, MultiDict([("q-s", "a"), ("q-s", "b"), ("q-m", "a")]))
    assert sheet.answers["s"] == ["a"]
