"""What a learner's home page shows of their cohorts, free of HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lms.cohorts import schedule
from lms.content import Module
from lms.models import Announcement, Cohort, LiveSession
from lms.records.enrolment import learner_cohorts
from lms.records.opening import module_is_open
from lms.records.results import ModuleResult


@dataclass(frozen=True)
class NextStep:
    module: Module
    lesson_id: str | None  # None: the quiz is next


@dataclass(frozen=True)
class CohortPanel:
    cohort: Cohort
    next_step: NextStep | None  # None: nothing open is left to do
    next_session: LiveSession | None
    announcements: list[Announcement]


def learner_panels(user_id: int, progress: Mapping[str, ModuleResult]) -> list[CohortPanel]:
    """One panel per cohort of the learner; `progress` is theirs in every available module."""
    panels = []
    for cohort in learner_cohorts(user_id):
        open_modules = [
            progress[item.module_slug]
            for item in cohort.modules
            if item.module_slug in progress and module_is_open(item, cohort)
        ]
        panels.append(
            CohortPanel(
                cohort=cohort,
                next_step=_next_step(open_modules),
                next_session=schedule.next_session([cohort.id]),
                announcements=schedule.announcements_of(cohort.id, limit=3),
            )
        )
    return panels


def _next_step(open_modules: list[ModuleResult]) -> NextStep | None:
    for progress in open_modules:
        if progress.completed_at is None and (progress.next_lesson_id or progress.attempts_left):
            return NextStep(progress.module, progress.next_lesson_id)
    return None
