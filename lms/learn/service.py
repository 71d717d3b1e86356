"""Lessons: sequencing and recording what a learner completed, free of HTTP."""

from __future__ import annotations

from sqlalchemy import select

from lms.content import Module
from lms.core.database import insert_if_absent, reading
from lms.extensions import db
from lms.models import LessonProgress
from lms.records.opening import ensure_open


def mark_lesson_complete(user_id: int, module: Module, lesson_id: str) -> bool:
    """Record a completed lesson; True when newly recorded. Repeats and races are harmless.

    Raises ModuleLocked while the learner's cohorts have not opened the module.
    """
    if lesson_id not in module.lesson_ids:
        raise ValueError(f"{lesson_id!r} is not a lesson of {module.slug!r}")
    # Read first: a lesson done before (a learner going through a module again) writes nothing,
    # and on SQLite takes no write lock.
    with reading(strict=False):
        ensure_open(user_id, module.slug)
        done = db.session.scalar(
            select(LessonProgress.id).where(
                LessonProgress.user_id == user_id,
                LessonProgress.module_slug == module.slug,
                LessonProgress.lesson_id == lesson_id,
            )
        )
    if done is not None:
        return False
    return insert_if_absent(
        LessonProgress, user_id=user_id, module_slug=module.slug, lesson_id=lesson_id
    )


def neighbours(module: Module, lesson_id: str) -> tuple[str | None, str | None]:
    """The lessons before and after this one."""
    index = module.lesson_ids.index(lesson_id)
    before = module.lesson_ids[index - 1] if index > 0 else None
    after = module.lesson_ids[index + 1] if index + 1 < len(module.lesson_ids) else None
    return before, after
