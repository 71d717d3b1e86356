"""Who is signed in, as every request needs to know it: read with one light query per request.

Pages only read who the reader is; code that changes the account loads the User model with
`account()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, session
from flask_login import UserMixin, current_user, login_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, select

from lms.core.database import reading
from lms.core.guard import MAX_ID
from lms.extensions import db
from lms.models import Cohort, Enrolment, User
from lms.records.enrolment import ENROLLED_NOW
from lms.records.reads import first_row

# The zone of the cohort the person joined last (the latest to start), for one who chose none.
_COHORT_ZONE = (
    select(Cohort.timezone)
    .join(Enrolment, Enrolment.cohort_id == Cohort.id)
    .where(Enrolment.user_id == User.id, ENROLLED_NOW, Cohort.published.is_(True))
    .order_by(Cohort.starts_on.desc(), Cohort.id.desc())
    .limit(1)
    .correlate(User)
    .scalar_subquery()
)
_SIGNED_IN = (User.id == bindparam("user_id"), User.deactivated_at.is_(None))
# What a page answered again from memory needs unchanged in the account row (lms.core.replay):
# the records version covers the rest (the person's records and cohorts, cohort zone included).
STAMP = (
    User.records_version,
    User.session_version,
    User.email,
    User.name,
    User.role,
    User.locale,
    User.timezone,
    User.country,
)
STAMP_BY_ID = select(*STAMP).where(*_SIGNED_IN)
# Identity's fields, in order.
IDENTITY_BY_ID = select(User.id, *STAMP, _COHORT_ZONE).where(*_SIGNED_IN)
SESSION_VERSION = "_version"  # the account's session version when this session was opened


@dataclass(frozen=True)
class Identity(UserMixin):
    id: int
    records_version: int
    session_version: int
    email: str
    name: str
    role: str
    locale: str | None
    timezone: str | None  # as chosen; None until the person chooses one
    country: str
    cohort_zone: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_facilitator(self) -> bool:
        return self.role in ("facilitator", "admin")

    @property
    def stamp(self) -> tuple:
        """The values of STAMP, as this request read them."""
        return tuple(getattr(self, column.key) for column in STAMP)


def load_identity(user_id: str) -> Identity | None:
    """Flask-Login's user loader: the signed-in person, or None for an unknown id, a
    deactivated account or a session the account has ended since (logout, a new password,
    erasure)."""
    if not user_id.isdigit() or int(user_id) > MAX_ID:
        return None
    # The first query of most requests, outside any transaction: a request that writes later
    # holds SQLite's write lock only while it writes, not while it checks a password first.
    row = first_row(IDENTITY_BY_ID, user_id=int(user_id))
    if row is None:
        return None
    identity = Identity(*row)
    if identity.session_version != session.get(SESSION_VERSION):
        return None
    return identity


def start_session(user_id: int, session_version: int) -> None:
    """Sign this browser in, with a new session: nothing of an earlier one carries over.

    Call it with no transaction open (commit first): it only reads, and takes no write lock."""
    with reading():
        identity = db.session.execute(IDENTITY_BY_ID, {"user_id": user_id}).first()
    assert identity is not None
    session.clear()
    login_user(Identity(*identity))
    session[SESSION_VERSION] = session_version
    g.pop("csrf_token", None)
    generate_csrf()  # the new session's form secret, in the cookie set now, not on the next page


def keep_session(session_version: int) -> None:
    """After the account's sessions were ended from this one (a new password), keep this one."""
    session[SESSION_VERSION] = session_version


def cohort_zone_of(user_id: int) -> str | None:
    """The zone of the person's latest cohort, outside a request (a job writing to them)."""
    return db.session.scalar(select(_COHORT_ZONE).where(User.id == user_id))


def account() -> User:
    """The signed-in person's account, to change it."""
    return db.session.get_one(User, current_user.id)
