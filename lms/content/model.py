"""What the course content is, once loaded: plain immutable data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.languages import DEFAULT_LANGUAGE

AVAILABLE = "available"
IN_PREPARATION = "in_preparation"
QUESTION_TYPES = ("single", "multiple", "true_false")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content folder is invalid; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} content problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)


@dataclass(frozen=True)
class QuestionKey:
    id: str
    type: str
    points: float
    options: tuple[str, ...]
    correct: frozenset[str]


@dataclass(frozen=True)
class QuizKey:
    questions: tuple[QuestionKey, ...]
    # Every id the key file declares, valid or not, so translations are not blamed for its errors.
    declared_ids: frozenset[str] = frozenset()

    @property
    def max_points(self) -> float:
        return sum(question.points for question in self.questions)


@dataclass(frozen=True)
class OptionText:
    text: str
    feedback: str
    line: int = 0  # where the option starts in its quiz.yaml


@dataclass(frozen=True)
class QuestionText:
    prompt: str
    options: dict[str, OptionText]
    line: int = 0  # where the question starts in its quiz.yaml


@dataclass(frozen=True)
class LessonText:
    id: str
    title: str
    summary: str
    body: str  # Markdown
    path: str
    body_line: int = 1  # where the body starts in its file, for reporting problems
    # Derived once, when the content is loaded, never per request:
    html: str = ""  # the body as sanitised HTML
    key_terms: tuple[str, ...] = ()  # ids of the glossary terms the body uses


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    line: int = 0  # where the term starts in its glossary.yaml


@dataclass(frozen=True)
class ModuleText:
    """One language version of a module."""

    language: str
    lessons: dict[str, LessonText]
    quiz: dict[str, QuestionText]
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)


@dataclass(frozen=True)
class Module:
    number: int
    slug: str
    estimated_minutes: int
    pass_mark: float
    max_attempts: int
    languages: dict[str, str]  # code -> AVAILABLE | IN_PREPARATION, in display order
    lesson_ids: tuple[str, ...]
    titles: dict[str, str]
    quiz_key: QuizKey | None
    texts: dict[str, ModuleText] = field(default_factory=dict)
    folder: str = ""  # where it was read from, for reporting problems
    # Ids changed or removed after learners used them (module.yaml `renamed:` and `retired:`):
    # records under a renamed id count for its current id; under a retired id, for nothing.
    renamed_lessons: dict[str, str] = field(default_factory=dict)  # old id -> current id
    renamed_questions: dict[str, str] = field(default_factory=dict)
    retired_lessons: frozenset[str] = frozenset()
    retired_questions: frozenset[str] = frozenset()
    lessons_line: int = 1  # where module.yaml lists the lessons, for reporting problems
    version: str = ""  # a hash of the module's files: changes whenever any of them does

    def current_lesson_id(self, stored: str) -> str | None:
        """The lesson a stored lesson id counts for now, or None when it counts for none."""
        stored = self.renamed_lessons.get(stored, stored)
        return stored if stored in self.lesson_ids else None

    def current_question_id(self, stored: str) -> str | None:
        stored = self.renamed_questions.get(stored, stored)
        known = self.quiz_key is not None and stored in {q.id for q in self.quiz_key.questions}
        return stored if known else None

    @property
    def available_languages(self) -> list[str]:
        return [code for code, status in self.languages.items() if status == AVAILABLE]

    @property
    def is_available(self) -> bool:
        return bool(self.available_languages)

    def is_available_in(self, language: str) -> bool:
        return self.languages.get(language) == AVAILABLE

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[DEFAULT_LANGUAGE]

    def title_language(self, shown: str, wanted: str) -> str:
        """The language to title the module in, its lessons being shown in `shown` for a reader
        who wanted `wanted`: the wanted one whenever the module has a title in it (lessons still
        in preparation have their title already), else that of the lessons."""
        return wanted if wanted in self.titles else shown

    def lesson_position(self, lesson_id: str) -> int:
        """1-based position of a lesson in the module."""
        return self.lesson_ids.index(lesson_id) + 1


@dataclass(frozen=True)
class Resource:
    id: str
    name: str
    year: int | None
    category: str
    users: dict[str, str]  # language -> text
    description: dict[str, str]


@dataclass(frozen=True)
class Library:
    languages: tuple[str, ...]
    categories: dict[str, dict[str, str]]  # category id -> language -> name, in display order
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Page:
    language: str
    title: str
    body: str  # Markdown


@dataclass(frozen=True)
class Term:
    """A key concept of the course and the one form it takes in each language."""

    id: str
    note: str
    forms: dict[str, str]  # language -> term; a language without its form yet is absent


@dataclass(frozen=True)
class Catalogue:
    modules: tuple[Module, ...]
    library: Library | None = None
    about: dict[str, Page] = field(default_factory=dict)
    privacy: dict[str, Page] = field(default_factory=dict)
    terminology: tuple[Term, ...] = ()
    version: str = ""  # a hash of every content file

    def get(self, slug: str) -> Module | None:
        return next((module for module in self.modules if module.slug == slug), None)
