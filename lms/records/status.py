"""The rules that turn records into a status: module status, course completion, on track."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_pgettext

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)

# The one place a status gets its words (pages, badges, exports). The context tells translators
# it is a learner's state ("Terminé"), not a count of people ("Ont terminé") nor a label.
# (The contexts are written out: extraction reads only literal strings.)
STATUS_LABELS = {
    COMPLETED: lazy_pgettext("a learner's status", "Completed"),
    IN_PROGRESS: lazy_pgettext("a learner's status", "In progress"),
    NOT_STARTED: lazy_pgettext("a learner's status", "Not started"),
}


def module_status(completed: bool, lessons_done: int, attempts: int) -> str:
    """Completed once the module is; in progress after a current lesson or a quiz attempt."""
    if completed:
        return COMPLETED
    return IN_PROGRESS if lessons_done or attempts else NOT_STARTED


@dataclass(frozen=True)
class CourseStatus:
    """Where a learner stands against a cohort's completion rule: every module, plus the
    required share of live sessions when the cohort sets one."""

    modules_completed: int
    modules_total: int
    sessions_attended: int
    sessions_total: int
    attendance_required: float | None

    @property
    def attendance_met(self) -> bool:
        if not self.attendance_required or not self.sessions_total:
            return True
        return self.sessions_attended / self.sessions_total >= self.attendance_required

    @property
    def completed(self) -> bool:
        return self.modules_completed >= self.modules_total and self.attendance_met


def on_track(completed_on: Mapping[str, date], due: Sequence[str], moment: date) -> bool:
    """On track at `moment`: every module due by then (opened at least a week before) is
    completed on or before it."""
    return all(completed_on.get(slug, date.max) <= moment for slug in due)


def answer_outcome(points: float, max_points: float) -> str:
    """How a question was answered: "correct", "partial" or "incorrect"."""
    if points >= max_points:
        return "correct"
    return "partial" if points > 0 else "incorrect"
