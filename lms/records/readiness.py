"""Whether a module is open to a learner, with their lessons or their whole record in it, read
in one statement: the module's openings in the learner's cohorts beside the learner's rows. The
lesson page shows the lessons, a quiz submission checks them before it writes, the module page
and the quiz page show the whole record; one read rather than two is a round trip fewer on
PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CompoundSelect,
    Date,
    DateTime,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal,
    null,
    select,
    union_all,
)

from lms.content import Module
from lms.models import Cohort, CohortModule
from lms.records.opening import LEARNER_MODULES, locked_among
from lms.records.reads import all_rows
from lms.records.results import (
    ModuleResult,
    learner_result,
    learner_statement,
    lessons_done,
    lessons_statement,
)

_STATEMENTS: dict[Select, CompoundSelect] = {}  # by the module's lessons or records statement
OPENING = "opening"  # the kind of an opening's row beside a learner's records


def opening_and_lessons(user_id: int, module: Module) -> tuple[date | None, ModuleResult]:
    """The date the module opens for the learner (None: it is open to them), and their lessons
    in it (read on the lesson rows alone, however many attempts there are)."""
    rows = all_rows(_with_lessons(module), user_id=user_id, slug=module.slug)
    openings = [(slug, opens_on, zone) for slug, opens_on, zone, lesson in rows if lesson is None]
    lessons = lessons_done(module, (lesson for *_opening, lesson in rows if lesson is not None))
    return locked_among(openings).get(module.slug), lessons


def _with_lessons(module: Module) -> CompoundSelect:
    """The module's rows of LEARNER_MODULES (no lesson), then the learner's lessons in it (only
    a lesson): the openings first, so that their columns give the rows their types."""
    lessons = lessons_statement(module)
    found = _STATEMENTS.get(lessons)
    if found is None:
        openings = LEARNER_MODULES.add_columns(cast(null(), String).label("lesson_id")).where(
            CohortModule.module_slug == bindparam("slug")
        )
        nothing = (cast(null(), String), cast(null(), Date), cast(null(), String))
        found = _STATEMENTS[lessons] = union_all(
            openings, lessons.with_only_columns(*nothing, *lessons.selected_columns)
        )
    return found


def opening_and_result(user_id: int, module: Module) -> tuple[date | None, ModuleResult]:
    """The date the module opens for the learner (None: it is open to them), and their result
    in it: lessons, attempts and completion (as `results_for` gives it)."""
    rows = all_rows(_with_records(module), learner=user_id, user_id=user_id, slug=module.slug)
    openings = [(row.module_slug, row.opens_on, row.zone) for row in rows if row.kind == OPENING]
    result = learner_result(module, (row for row in rows if row.kind != OPENING))
    return locked_among(openings).get(module.slug), result


def _with_records(module: Module) -> CompoundSelect:
    """The learner's records in the module (learner_statement's rows), then the module's rows
    of LEARNER_MODULES, each with the columns of the other empty."""
    records = learner_statement([module])
    found = _STATEMENTS.get(records)
    if found is None:
        mine = records.subquery()
        openings: Select = LEARNER_MODULES.with_only_columns(
            cast(null(), Integer),
            literal(OPENING, String),
            CohortModule.module_slug,
            cast(null(), String),
            cast(null(), DateTime),
            cast(null(), Float),
            cast(null(), Integer),
            CohortModule.opens_on,
            Cohort.timezone,
        ).where(CohortModule.module_slug == bindparam("slug"))
        nothing = (cast(null(), Date).label("opens_on"), cast(null(), String).label("zone"))
        found = _STATEMENTS[records] = union_all(select(*mine.c, *nothing), openings)
    return found
