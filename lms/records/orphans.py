"""Recorded content ids that the content no longer knows: the check before renaming an id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select

from lms.content import Catalogue, Module
from lms.extensions import db
from lms.models import LessonProgress, ModuleCompletion, QuizAttempt


@dataclass(frozen=True)
class OrphanId:
    module_slug: str
    kind: str  # "module", "lesson" or "question"
    stored_id: str
    records: int  # how many rows carry it


def orphan_ids(catalogue: Catalogue) -> Iterator[OrphanId]:
    """Every id with recorded progress, attempts or completions that is neither current nor
    declared renamed or retired in its module.yaml."""
    modules = {module.slug: module for module in catalogue.modules}
    slug_counts: dict[str, int] = {}
    for model in (LessonProgress, QuizAttempt, ModuleCompletion):
        for slug, count in db.session.execute(
            select(model.module_slug, func.count()).group_by(model.module_slug)
        ):
            slug_counts[slug] = slug_counts.get(slug, 0) + count
    for slug, count in sorted(slug_counts.items()):
        if slug not in modules:
            yield OrphanId(slug, "module", slug, count)
    for slug, lesson_id, count in db.session.execute(
        select(LessonProgress.module_slug, LessonProgress.lesson_id, func.count())
        .group_by(LessonProgress.module_slug, LessonProgress.lesson_id)
        .order_by(LessonProgress.module_slug, LessonProgress.lesson_id)
    ):
        module = modules.get(slug)
        known = module and (
            lesson_id in module.lesson_ids
            or lesson_id in module.renamed_lessons
            or lesson_id in module.retired_lessons
        )
        if module and not known:
            yield OrphanId(slug, "lesson", lesson_id, count)
    yield from _orphan_questions(modules)


def _orphan_questions(modules: dict[str, Module]) -> Iterator[OrphanId]:
    """Question ids are keys of each attempt's answers: read them attempt by attempt."""
    counts: dict[tuple[str, str], int] = {}
    query = select(QuizAttempt.module_slug, QuizAttempt.answers).execution_options(yield_per=1000)
    rows = cast("Iterable[tuple[str, dict]]", db.session.execute(query))
    for slug, answers in rows:
        module = modules.get(slug)
        if module is None or module.quiz_key is None:
            continue
        current = {question.id for question in module.quiz_key.questions}
        for question_id in answers:
            if (
                question_id not in current
                and question_id not in module.renamed_questions
                and question_id not in module.retired_questions
            ):
                counts[slug, question_id] = counts.get((slug, question_id), 0) + 1
    for (module_slug, stored_id), count in sorted(counts.items()):
        yield OrphanId(module_slug, "question", stored_id, count)


def orphan_warning(catalogue: Catalogue, orphan: OrphanId) -> str:
    """`file:line: warning: …`, pointing where a rename or retirement would be declared."""
    module = catalogue.get(orphan.module_slug)
    if module is None:
        return (
            f"warning: module {orphan.module_slug!r} has {orphan.records} recorded rows but no "
            "module has this slug (module slugs cannot be renamed)"
        )
    where = f"{module.folder}/module.yaml:{module.lessons_line}"
    return (
        f"{where}: warning: {orphan.kind} {orphan.stored_id!r} has {orphan.records} recorded "
        f"rows but is neither current nor declared under renamed: or retired:"
    )
