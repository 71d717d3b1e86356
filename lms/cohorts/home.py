"""What a learner's home page shows of their cohorts, free of HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from lms.cohorts import schedule
from lms.content import Module
from lms.models import CohortModule
from lms.records.opening import module_is_open
from lms.records.reads import Row, all_rows
from lms.records.results import ModuleResult


@dataclass(frozen=True)
class NextStep:
    module: Module
    lesson_id: str | None  # None: the quiz is next


@dataclass(frozen=True)
class CohortPanel:
    cohort: Row  # id, name, starts_on, ends_on, timezone (enrolment.cohorts_and_invitations)
    next_step: NextStep | None  # None: nothing open is left to do
    next_session: Row | None  # id, title, starts_at (schedule.next_sessions)
    announcements: list[Row]  # id, body, created_at (schedule.latest_announcements)


# The cohorts' modules in their order, with their opening dates.
_MODULES = (
    select(CohortModule.cohort_id, CohortModule.module_slug, CohortModule.opens_on)
    .where(CohortModule.cohort_id.in_(bindparam("cohort_ids", expanding=True)))
    .order_by(CohortModule.cohort_id, CohortModule.position)
)


def learner_panels(
    cohorts: Sequence[Row], progress: Mapping[str, ModuleResult]
) -> list[CohortPanel]:
    """One panel per cohort of the learner (rows of enrolment.cohorts_and_invitations); `progress`
    is theirs in every available module. Read outside any transaction."""
    if not cohorts:
        return []
    ids = [cohort.id for cohort in cohorts]
    modules: dict[int, list[Row]] = {}
    for item in all_rows(_MODULES, cohort_ids=ids):
        modules.setdefault(item.cohort_id, []).append(item)
    sessions = schedule.next_sessions(ids)
    notes = schedule.latest_announcements(ids, per_cohort=3)
    panels = []
    for cohort in cohorts:
        open_modules = [
            progress[item.module_slug]
            for item in modules.get(cohort.id, [])
            if item.module_slug in progress and module_is_open(item.opens_on, cohort.timezone)
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
