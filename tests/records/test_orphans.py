"""Before an id is renamed or removed: `lms content check` warns about every recorded id that the
content no longer declares."""

from __future__ import annotations

from dataclasses import replace

from lms.extensions import db
from lms.models import LessonProgress, ModuleCompletion, QuizAttempt
from lms.records.orphans import OrphanId, orphan_ids, orphan_warning


def test_recorded_ids_the_content_does_not_declare_are_listed(app, catalogue, learner, module1):
    current = module1.lesson_ids[0]
    db.session.add_all(
        [
            LessonProgress(user_id=learner.id, module_slug=module1.slug, lesson_id=current),
            LessonProgress(user_id=learner.id, module_slug=module1.slug, lesson_id="old-lesson"),
            LessonProgress(user_id=learner.id, module_slug=module1.slug, lesson_id="gone"),
            ModuleCompletion(user_id=learner.id, module_slug="old-module"),
            QuizAttempt(
                user_id=learner.id, module_slug=module1.slug, number=1, token="t" * 24,
                language="en", points=1, max_points=2, percent=50, passed=False,
                answers={module1.quiz_key.questions[0].id: {}, "old-question": {}},
            ),
        ]
    )  # fmt: skip
    db.session.commit()
    assert set(orphan_ids(catalogue)) == {
        OrphanId(module1.slug, "lesson", "old-lesson", 1),
        OrphanId(module1.slug, "lesson", "gone", 1),
        OrphanId(module1.slug, "question", "old-question", 1),
        OrphanId("old-module", "module", "old-module", 1),
    }
    declared = replace(
        module1,
        renamed_lessons={"old-lesson": current},
        retired_lessons=frozenset({"gone"}),
        retired_questions=frozenset({"old-question"}),
    )
    others = tuple(m for m in catalogue.modules if m.slug != module1.slug)
    after = replace(catalogue, modules=(declared, *others))
    assert set(orphan_ids(after)) == {OrphanId("old-module", "module", "old-module", 1)}
    warning = orphan_warning(catalogue, OrphanId(module1.slug, "lesson", "gone", 1))
    assert warning == (
        f"{module1.folder}/module.yaml:{module1.lessons_line}: warning: lesson 'gone' has 1 "
        "recorded rows but is neither current nor declared under renamed: or retired:"
    )
