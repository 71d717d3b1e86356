"""The quiz form, built from a module's answer key and one language's texts."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice

from lms.content.model import Module, QuestionText, QuizKey
from lms.core.forms import CheckboxesField, Form

ANSWER_REQUIRED = _l("Please answer this question.")


@dataclass(frozen=True)
class AnswerSheet:
    """What a learner sent: the options chosen for each question (only options of the key; one
    for a single choice), and the questions left without an answer."""

    answers: dict[str, list[str]]
    unanswered: tuple[str, ...]


def read_sheet(key: QuizKey, formdata: MultiDict) -> AnswerSheet:
    """The answer sheet in a submitted quiz form, read without building the form: a complete
    sheet is graded at once, and the form is built only to show a sheet with gaps again."""
    answers: dict[str, list[str]] = {}
    unanswered = []
    for question in key.questions:
        chosen = [
            option
            for option in formdata.getlist(field_name(question.id))
            if option in question.options
        ]
        if not chosen:
            unanswered.append(question.id)
        else:
            answers[question.id] = chosen if question.type == "multiple" else chosen[:1]
    return AnswerSheet(answers, tuple(unanswered))


class QuizForm(Form):
    """Shows the questions, and a sheet sent with gaps again with the learner's answers kept;
    read_sheet reads what is sent."""

    token = HiddenField()
    language = HiddenField()  # the questions' language, recorded with the attempt
    nothing_answered = False

    def show_gaps(self, sheet: AnswerSheet) -> None:
        for question_id in sheet.unanswered:
            self[field_name(question_id)].errors = [ANSWER_REQUIRED]
        self.nothing_answered = not sheet.answers


FIELD_PREFIX = "q-"


def field_name(question_id: str) -> str:
    return FIELD_PREFIX + question_id


def quiz_form_for(module: Module, language: str) -> type[QuizForm]:
    """The quiz form of a module in a language, built once per app."""
    forms = current_app.extensions.setdefault("lms.quiz_forms", {})
    form = forms.get((module.slug, language))
    if form is None:
        assert module.quiz_key is not None
        form = forms[module.slug, language] = quiz_form_class(
            module.quiz_key, module.texts[language].quiz
        )
    return form


def quiz_form_class(key: QuizKey, texts: dict[str, QuestionText]) -> type[QuizForm]:
    fields = {}
    for question in key.questions:
        text = texts[question.id]
        choices = [SelectChoice(option, text.options[option].text) for option in question.options]
        field_class = CheckboxesField if question.type == "multiple" else RadioField
        fields[field_name(question.id)] = field_class(text.prompt, choices=choices)
    return type("ModuleQuizForm", (QuizForm,), fields)
