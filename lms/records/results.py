"""Each learner's result in each module, from one set-based query.

The same query serves one learner (their pages), a page of learners (the progress grid) and a
whole cohort streamed (the report and its exports): the learners are given as a list of ids or
as a subquery, and the rows come back ordered by learner, so a caller can walk them alongside its
own list of people. Only a module's current lesson ids count; ids declared renamed count for
their new id, and any other stored id (retired or unknown) counts for nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute

from lms.content import Module
from lms.extensions import db
from lms.models import LessonProgress, ModuleCompletion, QuizAttempt
from lms.records.reads import all_rows
from lms.records.status import module_status

BATCH = 1000
Learners = Select | Sequence[int]  # a subquery of user ids, or the ids themselves


@dataclass
class ModuleResult:
    """One learner's record in one module."""

    module: Module
    completed_lessons: frozenset[str] = frozenset()  # current lesson ids only
    attempts: int = 0
    best_percent: float | None = None
    completed_at: datetime | None = None
    last_activity: datetime | None = None  # the latest of the records above

    @property
    def lessons_done(self) -> int:
        return len(self.completed_lessons)

    @property
    def lessons_total(self) -> int:
        return len(self.module.lesson_ids)

    @property
    def share_done(self) -> float:
        return self.lessons_done / self.lessons_total if self.lessons_total else 0.0

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
        return max(self.module.max_attempts - self.attempts, 0)

    @property
    def status(self) -> str:
        return module_status(self.completed_at is not None, self.lessons_done, self.attempts)


Results = dict[str, ModuleResult]  # module slug -> result, in the order the modules were given


def empty_results(modules: Iterable[Module]) -> Results:
    return {module.slug: ModuleResult(module) for module in modules}


def results_for(user_id: int, modules: Sequence[Module]) -> Results:
    """One learner's results, in one query."""
    return next((results for _user, results in stream(user_id, modules)), empty_results(modules))


def lessons_statement(module: Module) -> Select:
    """The current id of each lesson of the module a learner (`user_id`) has done, following
    renames; built once per module."""
    key = (module.slug, module.lesson_ids, tuple(module.renamed_lessons.items()))
    statement = _LESSON_STATEMENTS.get(key)
    if statement is None:
        statement = _LESSON_STATEMENTS[key] = select(current_lesson_id([module])).where(
            LessonProgress.user_id == bindparam("user_id"), counted_lessons([module])
        )
    return statement


def lessons_done(module: Module, lesson_ids: Iterable[str]) -> ModuleResult:
    """The module's result with these lessons done and nothing else (ids it no longer has do
    not count)."""
    return ModuleResult(
        module, completed_lessons=frozenset(lesson_ids) & frozenset(module.lesson_ids)
    )


def results_by_learner(user_ids: Sequence[int], modules: Sequence[Module]) -> dict[int, Results]:
    """A page of learners' results, in one query; every given learner has an entry."""
    found = {user_id: empty_results(modules) for user_id in user_ids}
    if user_ids:
        found.update(stream(list(user_ids), modules))
    return found


def stream(learners: int | Learners, modules: Sequence[Module]) -> Iterator[tuple[int, Results]]:
    """(user id, results) for each learner with any record, in user id order, fetched in batches.

    Learners without any record in these modules are not yielded: see `walker`.
    """
    if not modules:
        return
    statement, parameters = _records_statement(learners, modules)
    if isinstance(learners, int):  # a learner's own page: read at once, without a transaction
        rows: Iterable = all_rows(statement, **parameters)
    else:
        rows = db.session.execute(statement, parameters)
    by_slug = {module.slug: module for module in modules}
    for user_id, group in groupby(rows, key=lambda row: row.user_id):
        results = empty_results(modules)
        for row in group:
            _add(results[row.module_slug], row, by_slug[row.module_slug])
        yield user_id, results


def walker(learners: Learners, modules: Sequence[Module]) -> Callable[[int], Results]:
    """A look-up for learners visited in increasing id order, reading `stream` as it goes: how
    a streamed report joins its people to their results without holding either in memory."""
    pending = stream(learners, modules)
    current = next(pending, None)

    def results_of(user_id: int) -> Results:
        nonlocal current
        while current is not None and current[0] < user_id:
            current = next(pending, None)
        if current is not None and current[0] == user_id:
            found, current = current[1], next(pending, None)
            return found
        return empty_results(modules)

    return results_of


def learner_result(module: Module, rows: Iterable) -> ModuleResult:
    """A learner's result in the module from their rows of `learner_statement` for it."""
    result = ModuleResult(module)
    for row in rows:
        _add(result, row, module)
    return result


def learner_statement(modules: Sequence[Module]) -> Select:
    """The statement behind `results_for` (one learner, `learner`), to read with others."""
    return _built(True, modules)


def _add(result: ModuleResult, row, module: Module) -> None:
    if row.kind == "lesson":
        result.completed_lessons = frozenset(
            lesson_id for lesson_id in row.lessons.split(",") if lesson_id in module.lesson_ids
        )
    elif row.kind == "quiz":
        result.attempts, result.best_percent = row.attempts, row.best
    else:
        result.completed_at = row.at
    if result.last_activity is None or row.at > result.last_activity:
        result.last_activity = row.at


# Built statements for one learner or a list of learners, by dialect and modules: building the
# query costs more than running it on a learner's page, and it only depends on the content.
_STATEMENTS: dict[tuple, Select] = {}
_LESSON_STATEMENTS: dict[tuple, Select] = {}


def _records_statement(learners: int | Learners, modules: Sequence[Module]) -> tuple[Select, dict]:
    if isinstance(learners, Select):
        return _records_query(learners, modules).execution_options(yield_per=BATCH), {}
    if isinstance(learners, int):
        return _built(True, modules), {"learner": learners}
    return _built(False, modules), {"learners": list(learners)}


def _built(one: bool, modules: Sequence[Module]) -> Select:
    """The statement for one learner (`learner`) or a list (`learners`), built once per dialect
    and modules."""
    key = (
        one,
        db.engine.dialect.name,
        *((m.slug, m.lesson_ids, tuple(m.renamed_lessons.items())) for m in modules),
    )
    statement = _STATEMENTS.get(key)
    if statement is None:
        placeholder: BindParameter = (
            bindparam("learner") if one else bindparam("learners", expanding=True)
        )
        statement = _records_query(placeholder, modules).execution_options(yield_per=BATCH)
        _STATEMENTS[key] = statement
    return statement


def _records_query(learners, modules: Sequence[Module]) -> Select:
    """One row per learner and module for each kind of record: lessons (the current ids done,
    joined by commas), quiz (attempts, best score) and completion; ordered by learner."""
    slugs = [module.slug for module in modules]
    lessons = (
        select(
            LessonProgress.user_id.label("user_id"),
            literal("lesson", String).label("kind"),
            LessonProgress.module_slug.label("module_slug"),
            _joined(current_lesson_id(modules)).label("lessons"),
            func.max(LessonProgress.completed_at).label("at"),
            cast(null(), Float).label("best"),
            cast(null(), Integer).label("attempts"),
        )
        .where(_of(LessonProgress.user_id, learners), counted_lessons(modules))
        .group_by(LessonProgress.user_id, LessonProgress.module_slug)
    )
    quizzes = (
        select(
            QuizAttempt.user_id,
            literal("quiz", String),
            QuizAttempt.module_slug,
            cast(null(), String),
            func.max(QuizAttempt.submitted_at),
            func.max(QuizAttempt.percent),
            func.count(QuizAttempt.id),
        )
        .where(_of(QuizAttempt.user_id, learners), QuizAttempt.module_slug.in_(slugs))
        .group_by(QuizAttempt.user_id, QuizAttempt.module_slug)
    )
    completions = select(
        ModuleCompletion.user_id,
        literal("done", String),
        ModuleCompletion.module_slug,
        cast(null(), String),
        ModuleCompletion.completed_at,
        cast(null(), Float),
        cast(null(), Integer),
    ).where(_of(ModuleCompletion.user_id, learners), ModuleCompletion.module_slug.in_(slugs))
    combined = union_all(lessons, quizzes, completions).subquery()
    return select(combined).order_by(combined.c.user_id)


def _of(column, learners) -> ColumnElement[bool]:
    """The rows of these learners: one id or its placeholder, or a list, a subquery, or an
    expanding placeholder."""
    if isinstance(learners, int) or (
        isinstance(learners, BindParameter) and not learners.expanding
    ):
        return column == learners
    return column.in_(learners)


def counted_lessons(modules: Sequence[Module]) -> ColumnElement[bool]:
    """Lesson progress rows that count: a current lesson id, or one declared renamed."""
    return or_(
        false(),
        *(
            and_(
                LessonProgress.module_slug == module.slug,
                LessonProgress.lesson_id.in_([*module.lesson_ids, *module.renamed_lessons]),
            )
            for module in modules
        ),
    )


def current_lesson_id(
    modules: Sequence[Module],
) -> ColumnElement[str] | InstrumentedAttribute[str]:
    """The current id a counted lesson progress row stands for (following renames)."""
    renames = [
        (
            and_(LessonProgress.module_slug == module.slug, LessonProgress.lesson_id == old),
            literal(new, String),
        )
        for module in modules
        for old, new in module.renamed_lessons.items()
    ]
    return case(*renames, else_=LessonProgress.lesson_id) if renames else LessonProgress.lesson_id


def _joined(ids: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[str]:
    """The distinct ids of a group joined by commas (ids never contain one)."""
    if db.engine.dialect.name == "postgresql":
        return func.string_agg(ids.distinct(), literal_column("','"))
    return func.group_concat(ids.distinct())


def events(learners: Learners, modules: Sequence[Module]):
    """Every record that counts, as (user_id, module_slug, kind, at) rows: the SQL twin of the
    results above, for filters, sorting and totals computed in the database. A learner with no
    event in a module has not started it; "done" events are completions."""
    slugs = [module.slug for module in modules]
    return union_all(
        select(
            LessonProgress.user_id.label("user_id"),
            LessonProgress.module_slug.label("module_slug"),
            literal("lesson", String).label("kind"),
            LessonProgress.completed_at.label("at"),
        ).where(_of(LessonProgress.user_id, learners), counted_lessons(modules)),
        select(
            QuizAttempt.user_id,
            QuizAttempt.module_slug,
            literal("quiz", String),
            QuizAttempt.submitted_at,
        ).where(_of(QuizAttempt.user_id, learners), QuizAttempt.module_slug.in_(slugs)),
        select(
            ModuleCompletion.user_id,
            ModuleCompletion.module_slug,
            literal("done", String),
            ModuleCompletion.completed_at,
        ).where(_of(ModuleCompletion.user_id, learners), ModuleCompletion.module_slug.in_(slugs)),
    ).subquery()


def last_activity(learners: Learners, modules: Sequence[Module]):
    """(user_id, at): each learner's latest event in these modules, as a subquery; a learner
    absent from it has started none of them."""
    found = events(learners, modules)
    return (
        select(found.c.user_id, func.max(found.c.at).label("at"))
        .group_by(found.c.user_id)
        .subquery()
    )


def module_totals(learners: Learners, modules: Sequence[Module]) -> dict[str, dict[str, int]]:
    """Per module, how many of these learners started it (in progress or completed) and how
    many completed it, in one query."""
    found = events(learners, modules)
    totals = {module.slug: {"started": 0, "completed": 0} for module in modules}
    query: Select[str, int, int] = select(
        found.c.module_slug,
        func.count(found.c.user_id.distinct()),
        func.count(case((found.c.kind == "done", found.c.user_id)).distinct()),
    ).group_by(found.c.module_slug)
    for slug, started, completed in db.session.execute(query):
        totals[slug] = {"started": started, "completed": completed}
    return totals
