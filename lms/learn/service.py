"""Sequencing, progress and completion rules, free of HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from sqlalchemy import func, select

from lms.content import Module
from lms.core.database import insert_if_absent
from lms.extensions import db
from lms.languages import DEFAULT_LANGUAGE
from lms.models import LessonProgress, ModuleCompletion, QuizAttempt

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


def module_status(completed_at: datetime | None, lessons_done: int, attempts: int) -> str:
    """Completed once the module is; in progress after a lesson or a quiz attempt."""
    if completed_at is not None:
        return COMPLETED
    return IN_PROGRESS if lessons_done or attempts else NOT_STARTED


@dataclass
class ModuleResult:
    """One learner's figures in one module, as the facilitator's grid and the reports show them."""

    lessons_done: int = 0
    best_percent: float | None = None
    attempts: int = 0
    completed_at: datetime | None = None

    @property
    def status(self) -> str:
        return module_status(self.completed_at, self.lessons_done, self.attempts)


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    completed_lessons: frozenset[str]
    attempts_used: int = 0
    best_percent: float | None = None
    completed_at: datetime | None = None

    @property
    def lessons_done(self) -> int:
        return sum(1 for lesson_id in self.module.lesson_ids if lesson_id in self.completed_lessons)

    @property
    def share_done(self) -> float:
        total = len(self.module.lesson_ids)
        return self.lessons_done / total if total else 0.0

    @property
    def next_lesson_id(self) -> str | None:
        """The first lesson not yet completed: where "Resume" leads."""
        return next(
            (lesson for lesson in self.module.lesson_ids if lesson not in self.completed_lessons),
            None,
        )

    @property
    def quiz_open(self) -> bool:
        return bool(self.module.lesson_ids) and self.next_lesson_id is None

    @property
    def attempts_left(self) -> int:
        return max(self.module.max_attempts - self.attempts_used, 0)

    @property
    def status(self) -> str:
        return module_status(self.completed_at, len(self.completed_lessons), self.attempts_used)


def completed_lessons(user_id: int, module_slug: str) -> frozenset[str]:
    rows = db.session.scalars(
        select(LessonProgress.lesson_id).where(
            LessonProgress.user_id == user_id, LessonProgress.module_slug == module_slug
        )
    )
    return frozenset(rows)


def progress_for(user_id: int, modules: Sequence[Module]) -> list[ModuleProgress]:
    """Progress in each module, in three queries whatever the number of modules."""
    slugs = [module.slug for module in modules]
    lessons: dict[str, set[str]] = {slug: set() for slug in slugs}
    for slug, lesson_id in db.session.execute(
        select(LessonProgress.module_slug, LessonProgress.lesson_id).where(
            LessonProgress.user_id == user_id, LessonProgress.module_slug.in_(slugs)
        )
    ):
        lessons[slug].add(lesson_id)
    attempts = {
        slug: (count, best)
        for slug, count, best in db.session.execute(
            select(
                QuizAttempt.module_slug, func.count(QuizAttempt.id), func.max(QuizAttempt.percent)
            )
            .where(QuizAttempt.user_id == user_id, QuizAttempt.module_slug.in_(slugs))
            .group_by(QuizAttempt.module_slug)
        )
    }
    completions = dict(
        db.session.execute(
            select(ModuleCompletion.module_slug, ModuleCompletion.completed_at).where(
                ModuleCompletion.user_id == user_id, ModuleCompletion.module_slug.in_(slugs)
            )
        ).all()
    )
    return [
        ModuleProgress(
            module=module,
            completed_lessons=frozenset(lessons[module.slug]),
            attempts_used=attempts.get(module.slug, (0, None))[0],
            best_percent=attempts.get(module.slug, (0, None))[1],
            completed_at=completions.get(module.slug),
        )
        for module in modules
    ]


def module_progress(user_id: int, module: Module) -> ModuleProgress:
    return progress_for(user_id, [module])[0]


def mark_lesson_complete(user_id: int, module: Module, lesson_id: str) -> bool:
    """Record a completed lesson; True when newly recorded. Repeats and races are harmless."""
    if lesson_id not in module.lesson_ids:
        raise ValueError(f"{lesson_id!r} is not a lesson of {module.slug!r}")
    return insert_if_absent(
        LessonProgress, user_id=user_id, module_slug=module.slug, lesson_id=lesson_id
    )


def neighbours(module: Module, lesson_id: str) -> tuple[str | None, str | None]:
    """The lessons before and after this one."""
    index = module.lesson_ids.index(lesson_id)
    before = module.lesson_ids[index - 1] if index > 0 else None
    after = module.lesson_ids[index + 1] if index + 1 < len(module.lesson_ids) else None
    return before, after


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    wanted: str  # the language the reader asked for, explicitly or through the interface
    fallback: bool  # True when the module is not available in `wanted`


def choose_content_language(
    module: Module,
    explicit: str | None,
    interface: str,
    accepted: Iterable[str] = (),
    cohort_languages: Callable[[], Iterable[str]] = tuple,
) -> ContentLanguage:
    """The language to show a module in.

    An explicit choice (`?lang=`) wins, then the interface language. When the module is not
    available in the language wanted, the reader's next browser choices are tried, then the
    default languages of their cohorts (looked up only then), then English, then the first
    language the module is available in.
    """
    if explicit and module.is_available_in(explicit):
        return ContentLanguage(explicit, explicit, fallback=False)
    wanted = explicit if explicit and explicit in module.languages else interface
    if module.is_available_in(wanted):
        return ContentLanguage(wanted, wanted, fallback=False)
    for code in chain(
        accepted, cohort_languages(), (DEFAULT_LANGUAGE,), module.available_languages
    ):
        if module.is_available_in(code):
            return ContentLanguage(code, wanted, fallback=True)
    return ContentLanguage(wanted, wanted, fallback=True)
