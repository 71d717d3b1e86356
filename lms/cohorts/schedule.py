"""A cohort's people, live sessions, announcements and weekly run-sheet, free of HTTP."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, bindparam, delete, func, select

from lms.content import Module
from lms.extensions import db
from lms.models import Announcement, Attendance, Cohort, Enrolment, LiveSession, User
from lms.models.base import utcnow
from lms.records.course import on_track_shares
from lms.records.enrolment import ENROLLED_NOW
from lms.records.opening import today_in
from lms.records.reads import Row, all_rows
from lms.timezones import time_zone


def members_query(cohort_id: int, active_only: bool = False) -> Select[User, Enrolment]:
    """(User, Enrolment) of everyone enrolled, by name; withdrawn ones too unless active_only."""
    query = (
        select(User, Enrolment)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id)
        .order_by(func.lower(User.name), User.id)
    )
    if active_only:
        query = query.where(ENROLLED_NOW)
    return query


def sessions_of(cohort_id: int) -> list[LiveSession]:
    return list(
        db.session.scalars(
            select(LiveSession)
            .where(LiveSession.cohort_id == cohort_id)
            .order_by(LiveSession.starts_at)
        )
    )


def attendance_counts(cohort_id: int) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(Attendance.session_id, func.count())
            .join(LiveSession, LiveSession.id == Attendance.session_id)
            .where(LiveSession.cohort_id == cohort_id)
            .group_by(Attendance.session_id)
        ).all()
    )


def attendance_of(cohort_id: int, user_id: int) -> list[tuple[LiveSession, bool]]:
    attended = set(
        db.session.scalars(
            select(Attendance.session_id)
            .join(LiveSession, LiveSession.id == Attendance.session_id)
            .where(LiveSession.cohort_id == cohort_id, Attendance.user_id == user_id)
        )
    )
    return [(live, live.id in attended) for live in sessions_of(cohort_id)]


def add_live_session(
    cohort: Cohort,
    *,
    title: str,
    day: date,
    time: time,
    duration_minutes: int,
    join_url: str = "",
    speakers: str = "",
    description: str = "",
) -> LiveSession:
    """A live session starting at `day` `time` in the cohort's time zone."""
    live = LiveSession(
        cohort_id=cohort.id,
        title=title.strip(),
        starts_at=datetime.combine(day, time, time_zone(cohort.timezone)),
        duration_minutes=duration_minutes,
        join_url=join_url.strip(),
        speakers=speakers.strip(),
        description=description.strip(),
    )
    db.session.add(live)
    return live


def post_announcement(cohort: Cohort, author: User, body: str) -> Announcement:
    note = Announcement(cohort_id=cohort.id, author_id=author.id, body=body.strip())
    db.session.add(note)
    return note


def present_at(session_id: int) -> list[int]:
    """The ids of the learners recorded as present at a live session."""
    return list(
        db.session.scalars(select(Attendance.user_id).where(Attendance.session_id == session_id))
    )


def record_attendance(session_id: int, present: set[int]) -> None:
    """Make the session's attendance exactly `present` (user ids)."""
    current = set(
        db.session.scalars(select(Attendance.user_id).where(Attendance.session_id == session_id))
    )
    if current - present:
        db.session.execute(
            delete(Attendance).where(
                Attendance.session_id == session_id, Attendance.user_id.in_(current - present)
            )
        )
    for user_id in present - current:
        db.session.add(Attendance(session_id=session_id, user_id=user_id))


def announcements_of(cohort_id: int, limit: int | None = None) -> list[Announcement]:
    query = (
        select(Announcement)
        .where(Announcement.cohort_id == cohort_id)
        .order_by(Announcement.created_at.desc(), Announcement.id.desc())
    )
    return list(db.session.scalars(query.limit(limit) if limit else query))


# Sessions this long ago are over whatever their length: a bound that lets the query use the index.
MAX_SESSION = timedelta(days=2)


_NEXT_SESSIONS = (
    select(LiveSession.id, LiveSession.cohort_id, LiveSession.title, LiveSession.starts_at,
           LiveSession.duration_minutes)
    .where(
        LiveSession.cohort_id.in_(bindparam("cohort_ids", expanding=True)),
        LiveSession.starts_at >= bindparam("since", type_=LiveSession.starts_at.type),
    )
    .order_by(LiveSession.starts_at)
)  # fmt: skip


def next_sessions(cohort_ids: Sequence[int], now: datetime | None = None) -> dict[int, Row]:
    """Each cohort's next live session not yet over (id, cohort_id, title, starts_at,
    duration_minutes), in one read outside any transaction."""
    now = now or utcnow()
    found: dict[int, Row] = {}
    for live in all_rows(_NEXT_SESSIONS, cohort_ids=list(cohort_ids), since=now - MAX_SESSION):
        over = live.starts_at + timedelta(minutes=live.duration_minutes) < now
        if not over and live.cohort_id not in found:
            found[live.cohort_id] = live
    return found


_NEWEST = (
    select(
        Announcement.id,
        func.row_number()
        .over(
            partition_by=Announcement.cohort_id,
            order_by=(Announcement.created_at.desc(), Announcement.id.desc()),
        )
        .label("rank"),
    )
    .where(Announcement.cohort_id.in_(bindparam("cohort_ids", expanding=True)))
    .subquery()
)
_LATEST_ANNOUNCEMENTS = (
    select(Announcement.id, Announcement.cohort_id, Announcement.body, Announcement.created_at)
    .join(_NEWEST, _NEWEST.c.id == Announcement.id)
    .where(_NEWEST.c.rank <= bindparam("per_cohort"))
    .order_by(Announcement.created_at.desc(), Announcement.id.desc())
)


def latest_announcements(cohort_ids: Sequence[int], per_cohort: int) -> dict[int, list[Row]]:
    """The newest announcements of each cohort (id, cohort_id, body, created_at), in one read
    outside any transaction."""
    found: dict[int, list[Row]] = {}
    rows = all_rows(_LATEST_ANNOUNCEMENTS, cohort_ids=list(cohort_ids), per_cohort=per_cohort)
    for note in rows:
        found.setdefault(note.cohort_id, []).append(note)
    return found


@dataclass
class Week:
    number: int
    starts_on: date
    ends_on: date
    opening: list[Module] = field(default_factory=list)
    sessions: list[LiveSession] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)
    on_track: float | None = None  # share of learners on track at the end of the week; None: future


def run_sheet(cohort: Cohort, modules: Sequence[Module], today: date | None = None) -> list[Week]:
    """The cohort week by week, from its start date to its end date."""
    zone = time_zone(cohort.timezone)
    today = today or today_in(cohort.timezone)
    weeks: list[Week] = []
    start = cohort.starts_on
    while start <= cohort.ends_on:
        end = min(start + timedelta(days=6), cohort.ends_on)
        weeks.append(Week(len(weeks) + 1, start, end))
        start = end + timedelta(days=1)

    def week_of(day: date) -> Week | None:
        for week in weeks:
            if week.starts_on <= day <= week.ends_on:
                return week
        return None

    by_slug = {module.slug: module for module in modules}
    for item in cohort.modules:
        week = week_of(item.opens_on or cohort.starts_on)
        if week and item.module_slug in by_slug:
            week.opening.append(by_slug[item.module_slug])
    for live in sessions_of(cohort.id):
        week = week_of(live.starts_at.astimezone(zone).date())
        if week:
            week.sessions.append(live)
    for note in reversed(announcements_of(cohort.id)):
        week = week_of(note.created_at.astimezone(zone).date())
        if week:
            week.announcements.append(note)
    _fill_on_track(cohort, weeks, today)
    return weeks


def _fill_on_track(cohort: Cohort, weeks: list[Week], today: date) -> None:
    """The share of learners on track at the end of each week that has begun."""
    begun = [week for week in weeks if week.starts_on <= today]
    shares = on_track_shares(cohort, [min(week.ends_on, today) for week in begun])
    for week, share in zip(begun, shares, strict=True):
        week.on_track = share
