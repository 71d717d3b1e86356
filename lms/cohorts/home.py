"""What a learner's home page shows of their cohorts, free of HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lms.cohorts import schedule
from lms.content import Module
from lms.models import Announcement, Cohort, LiveSession
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


def learner_panels(
    cohorts: Sequence[Cohort], progress: Mapping[str, ModuleResult]
) -> list[CohortPanel]:
    """One panel per cohort of the learner; `progress` is theirs in every available module."""
    if not cohorts:
        return []
    ids = [cohort.id for cohort in cohorts]
    sessions = schedule.next_sessions(ids)
    notes = schedule.latest_announcements(ids, per_cohort=3)
    panels = []
    for cohort in cohorts:
        open_modules = [
            progress[item.module_slug]
            for item in cohort.modules
            if item.module_slug in progress and module_is_open(item, cohort)
        ]
        panels.append(
            CohortPanel(
                cohort=cohort,
                next_step=_next_step(open_modules),
                next_session=sessions.get(cohort.id),
                announcements=notes.get(cohort.id, []),
            )
        )
    return panels


def panel_key(panel: CohortPanel) -> tuple:
    """All a panel shows, as values: a key for the page cache."""
    cohort, step, live = panel.cohort, panel.next_step, panel.next_session
    return (
        (cohort.id, cohort.name, cohort.starts_on, cohort.ends_on),
        (step.module.slug, step.lesson_id) if step else None,
        (live.id, live.title, live.starts_at) if live else None,
        tuple((note.id, note.body, note.created_at) for note in panel.announcements),
    )


def _next_step(open_modules: list[ModuleResult]) -> NextStep | None:
    for progress in open_modules:
        if progress.completed_at is None and (progress.next_lesson_id or progress.attempts_left):
            return NextStep(progress.module, progress.next_lesson_id)
    return None
