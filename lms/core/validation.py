"""The bounds of what the app stores, shared by forms, the CSV import and the command line, so
that every door refuses the same things with the same words."""

from __future__ import annotations

from datetime import date

from lms.languages import LANGUAGES
from lms.timezones import zone_ids

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)  # any date a course can have
MAX_COHORT_YEARS = 5
MAX_PLACES = 1_000_000
MAX_INACTIVE_DAYS = 3650  # the progress grid's "inactive for N days"


def cohort_dates_problem(starts_on: date, ends_on: date) -> str | None:
    """Why these cannot be a cohort's dates ("out_of_range", "order", "too_long"), or None."""
    if not (EARLIEST <= starts_on <= LATEST and EARLIEST <= ends_on <= LATEST):
        return "out_of_range"
    if ends_on < starts_on:
        return "order"
    if (ends_on - starts_on).days > MAX_COHORT_YEARS * 366:
        return "too_long"
    return None


def is_time_zone(value: str) -> bool:
    return value in zone_ids()


def is_language(value: str) -> bool:
    return value in LANGUAGES
