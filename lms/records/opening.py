"""Which modules a learner may take now: a cohort can open its modules on dates of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import bindparam, select

from lms.models import Cohort, CohortModule, Enrolment
from lms.models.base import utcnow
from lms.records.enrolment import ENROLLED_NOW
from lms.records.reads import all_rows
from lms.timezones import time_zone


class ModuleLocked(Exception):
    """The learner's cohorts have not opened this module yet."""

    def __init__(self, opens_on: date) -> None:
        super().__init__(opens_on.isoformat())
        self.opens_on = opens_on


def today_in(timezone: str, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(time_zone(timezone)).date()


def module_is_open(opens_on: date | None, timezone: str, today: date | None = None) -> bool:
    """Whether a module opening on this date (None: from the start) is open in a cohort's zone."""
    if opens_on is None:
        return True
    return (today or today_in(timezone)) >= opens_on


# Every module of the learner's published cohorts with its opening date and the cohort's zone.
LEARNER_MODULES = (
    select(CohortModule.module_slug, CohortModule.opens_on, Cohort.timezone)
    .join(Cohort, Cohort.id == CohortModule.cohort_id)
    .join(Enrolment, Enrolment.cohort_id == Cohort.id)
    .where(Enrolment.user_id == bindparam("user_id"), ENROLLED_NOW)
    .where(Cohort.published.is_(True))
)


def locked_modules(user_id: int) -> dict[str, date]:
    """Modules not open yet for this learner, with the date they open.

    A module is locked when every one of the learner's cohorts that includes it has it still
    closed; learners outside any cohort, or in a cohort where it is open, can take it.
    """
    return locked_among(all_rows(LEARNER_MODULES, user_id=user_id))


def locked_among(openings: Iterable[tuple[str, date | None, str]]) -> dict[str, date]:
    """Of these (module slug, opening date, cohort zone) of a learner's cohorts, the modules not
    open yet, with the date they open."""
    opened: set[str] = set()
    locked: dict[str, date] = {}
    for slug, opens_on, timezone in openings:
        if opens_on is None or module_is_open(opens_on, timezone):
            opened.add(slug)
        else:
            locked[slug] = min(locked.get(slug, opens_on), opens_on)
    return {slug: day for slug, day in locked.items() if slug not in opened}


def ensure_open(user_id: int, module_slug: str) -> None:
    """Raise ModuleLocked when the learner's cohorts have not opened the module yet."""
    opens_on = locked_modules(user_id).get(module_slug)
    if opens_on is not None:
        raise ModuleLocked(opens_on)
