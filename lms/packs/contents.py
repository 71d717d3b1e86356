"""What a module pack holds, in one language: gathered from the loaded catalogue (the same
sanitised lesson HTML as the web pages), then laid out by each format."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from lms.content import Module
from lms.content.model import QuestionKey
from lms.i18n import sort_key
from lms.languages import direction
from lms.quiz.paper import letter

_H2 = re.compile(r"<h2[ >]")


@dataclass(frozen=True)
class PackOption:
    id: str
    letter: str
    text: str
    feedback: str
    correct: bool


@dataclass(frozen=True)
class PackQuestion:
    id: str
    number: int
    type: str
    prompt: str
    options: tuple[PackOption, ...]

    @property
    def correct_letters(self) -> str:
        return "".join(option.letter for option in self.options if option.correct)


@dataclass(frozen=True)
class PackLesson:
    id: str
    number: int
    title: str
    summary: str
    html: Markup
    reflection: Markup


@dataclass(frozen=True)
class PackTerm:
    id: str
    term: str
    definition: str


@dataclass(frozen=True)
class PackContents:
    slug: str
    number: int
    language: str
    direction: str
    title: str
    version: str  # the module's content hash
    quiz_url: str  # where to take the graded quiz online
    lessons: tuple[PackLesson, ...]
    glossary: tuple[PackTerm, ...]
    questions: tuple[PackQuestion, ...]


def reflection_of(html: str) -> Markup:
    """A lesson's reflection question: every lesson ends with two sections, the reflection and
    then the summary (see "Content format" in the README), so it is the section before the last."""
    starts = [match.start() for match in _H2.finditer(html)]
    if len(starts) < 2:
        return Markup("")
    section = html[starts[-2] : starts[-1]]
    return Markup(section[section.index("</h2>") + len("</h2>") :].strip())  # noqa: S704 - a slice of sanitised HTML between two headings


def quiz_questions(module: Module, language: str) -> tuple[PackQuestion, ...]:
    """The module's questions in this language, options lettered in the answer key's order."""
    if module.quiz_key is None:
        return ()
    texts = module.texts[language].quiz
    return tuple(
        _question(number, question, texts[question.id])
        for number, question in enumerate(module.quiz_key.questions, start=1)
    )


def _question(number: int, key: QuestionKey, text) -> PackQuestion:
    options = tuple(
        PackOption(
            id=option_id,
            letter=letter(index),
            text=text.options[option_id].text,
            feedback=text.options[option_id].feedback,
            correct=option_id in key.correct,
        )
        for index, option_id in enumerate(key.options)
    )
    return PackQuestion(key.id, number, key.type, text.prompt, options)


def pack_contents(module: Module, language: str, quiz_url: str) -> PackContents:
    text = module.texts[language]
    lessons = tuple(
        PackLesson(
            id=lesson_id,
            number=number,
            title=text.lessons[lesson_id].title,
            summary=text.lessons[lesson_id].summary,
            html=Markup(text.lessons[lesson_id].html),  # noqa: S704 - sanitised when loaded
            reflection=reflection_of(text.lessons[lesson_id].html),
        )
        for number, lesson_id in enumerate(module.lesson_ids, start=1)
    )
    terms = sorted(text.glossary.values(), key=lambda entry: sort_key(entry.term))
    return PackContents(
        slug=module.slug,
        number=module.number,
        language=language,
        direction=direction(language),
        title=module.title(language),
        version=module.version,
        quiz_url=quiz_url,
        lessons=lessons,
        glossary=tuple(PackTerm(term.id, term.term, term.definition) for term in terms),
        questions=quiz_questions(module, language),
    )
