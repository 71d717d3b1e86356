"""Lessons: sequencing and recording what a learner completed, free of HTTP."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from lms.content import Module
from lms.core.database import insert_if_absent
from lms.models import LessonProgress
from lms.records.opening import ensure_open
from lms.records.reads import first_row

_LESSONS = LessonProgress.__table__
_DONE = select(_LESSONS.c.id).where(
    _LESSONS.c.user_id == bindparam("user_id"),
    _LESSONS.c.module_slug == bindparam("module_slug"),
    _LESSONS.c.lesson_id == bindparam("lesson_id"),
)


def mark_lesson_complete(user_id: int, module: Module, lesson_id: str) -> bool:
    """Record a completed lesson; True when newly recorded. Repeats and races are harmless.

    Raises ModuleLocked while the learner's cohorts have not opened the module, for a lesson not
    done before: one done before is not recorded again whatever the module's state.
    """
    if lesson_id not in module.lesson_ids:
        raise ValueError(f"{lesson_id!r} is not a lesson of {module.slug!r}")
    # Read first: a lesson done before (a learner going through a module again) writes nothing,
    # needs no opening check (nothing is recorded) and on SQLite takes no write lock.
    if first_row(_DONE, user_id=user_id, module_slug=module.slug, lesson_id=lesson_id):
        return False
    ensure_open(user_id, module.slug)  # read at once too: the write lock is taken only below
    return insert_if_absent(
        LessonProgress, user_id=user_id, module_slug=module.slug, lesson_id=lesson_id
    )


def neighbours(module: Module, lesson_id: str) -> tuple[str | None, str | None]:
    """The lessons before and after this one."""
    index = module.lesson_ids.index(lesson_id)
    before = module.lesson_ids[index - 1] if index > 0 else None
    after = module.lesson_ids[index + 1] if index + 1 < len(module.lesson_ids) else None
    return before, after
