"""Whether a module is open to a learner and which of its lessons they have done, read in one
statement: the module's openings in the learner's cohorts and the learner's lessons in it. The
lesson page shows both, a quiz submission checks both before it writes; one read rather than two
is a round trip fewer on PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CompoundSelect, Date, Select, String, bindparam, cast, null, union_all

from lms.content import Module
from lms.models import CohortModule
from lms.records.opening import LEARNER_MODULES, locked_among
from lms.records.reads import all_rows
from lms.records.results import ModuleResult, lessons_done, lessons_statement

_STATEMENTS: dict[Select, CompoundSelect] = {}  # by the module's lessons statement


def opening_and_lessons(user_id: int, module: Module) -> tuple[date | None, ModuleResult]:
    """The date the module opens for the learner (None: it is open to them), and their lessons
    in it (read on the lesson rows alone, however many attempts there are)."""
    rows = all_rows(_statement(module), user_id=user_id, slug=module.slug)
    openings = [(slug, opens_on, zone) for slug, opens_on, zone, lesson in rows if lesson is None]
    lessons = lessons_done(module, (lesson for *_opening, lesson in rows if lesson is not None))
    return locked_among(openings).get(module.slug), lessons


def _statement(module: Module) -> CompoundSelect:
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
