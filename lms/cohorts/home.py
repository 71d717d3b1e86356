"""What a learner's home page shows of their cohorts, free of HTTP."""

from __future__ import annotations

from dataclasses import dataclass

from lms.cohorts import schedule, service
from lms.content import Catalogue, Module
from lms.learn import service as learn_service
from lms.models import Announcement, Cohort, LiveSession


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


def learner_panels(user_id: int, catalogue: Catalogue) -> list[CohortPanel]:
    panels = []
    for cohort in service.cohorts_of_learner(user_id):
        open_modules = [
            catalogue.get(item.module_slug)
            for item in cohort.modules
            if service.module_is_open(item, cohort) and catalogue.get(item.module_slug)
        ]
        panels.append(
            CohortPanel(
                cohort=cohort,
                next_step=_next_step(user_id, [m for m in open_modules if m.is_available]),
                next_session=schedule.next_session([cohort.id]),
                announcements=schedule.announcements_of(cohort.id, limit=3),
            )
        )
    return panels


def _next_step(user_id: int, modules: list[Module]) -> NextStep | None:
    for progress in learn_service.progress_for(user_id, modules):
        if progress.completed_at is None and (progress.next_lesson_id or progress.attempts_left):
            return NextStep(progress.module, progress.next_lesson_id)
    return None
