"""The quiz form, built from a module's answer key and one language's texts."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from lms.content.model import Module, QuestionText, QuizKey
from lms.core.forms import CheckboxesField, Form

ANSWER_REQUIRED = _l("Please answer this question.")


class QuizForm(Form):
    token = HiddenField()

    def answers(self) -> dict[str, list[str]]:
        return {
            question_id: list(data if isinstance(data, list) else [data])
            for question_id, data in (
                (name.removeprefix(FIELD_PREFIX), field.data)
                for name, field in self._fields.items()
                if name.startswith(FIELD_PREFIX)
            )
            if data
        }

    def nothing_answered(self) -> bool:
        return not self.answers()


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
        fields[field_name(question.id)] = field_class(
            text.prompt,
            choices=choices,
            validators=[InputRequired(message=ANSWER_REQUIRED)],
        )
    return type("ModuleQuizForm", (QuizForm,), fields)
