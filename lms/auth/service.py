"""Accounts, passwords and sessions, free of HTTP.

Password hashes are memory-hard (argon2id) and slow on purpose, so they are never computed inside a
database transaction: on SQLite a writer's transaction holds the one write lock, and every other
learner would wait. Reads come first, in a transaction of their own; hashing happens outside any;
then only what must be written is written.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.core.database import outside_transactions, reading
from lms.extensions import db
from lms.models import ROLES, PasswordLink, User
from lms.models.base import utcnow


class EmailTaken(Exception):
    pass


class AccountDeactivated(Exception):
    """The password is right, but an administrator has deactivated the account."""


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    outside_transactions("hashing a password")
    return _hasher().hash(password)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    password_hash: str | None,
    role: str = "learner",
    locale: str | None = None,
    **details: str,
) -> User:
    """Add an account (flushed, not committed); EmailTaken when the address is in use.

    `password_hash` comes from hash_password, called before any query; None for an account
    whose owner will set a password through a link. `details`: country, institution,
    department."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=password_hash,
        role=role,
        locale=locale,
        **details,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise EmailTaken(email) from None
    return user


def update_account(user: User, name: str, locale: str, timezone: str | None) -> None:
    user.name = name.strip()
    user.locale = locale
    user.timezone = timezone


@dataclass(frozen=True)
class Verified:
    """Who proved they hold an account: its id and the session version to start with."""

    user_id: int
    session_version: int


def authenticate(email: str, password: str) -> Verified | None:
    """The account whose email and password these are, or None, taking as long either way.

    Call it first in the request: it reads in a transaction of its own, then checks the
    password with no transaction open, and writes only if the hash needs upgrading.
    AccountDeactivated when the password is right but the account is deactivated.
    """
    with reading():
        row = db.session.execute(
            select(User.id, User.password_hash, User.session_version, User.deactivated_at).where(
                User.email == normalise_email(email)
            )
        ).first()
    hasher = _hasher()
    if row is None or row.password_hash is None:
        # Spend the same time as a real check, so timing does not reveal which emails exist.
        hasher.hash(password)
        return None
    try:
        hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if row.deactivated_at is not None:
        raise AccountDeactivated(email)
    if hasher.check_needs_rehash(row.password_hash):
        upgraded = hasher.hash(password)
        db.session.execute(update(User).where(User.id == row.id).values(password_hash=upgraded))
    return Verified(row.id, row.session_version)


def check_password(user_id: int, password: str) -> bool:
    """Whether this is the account's password (to confirm a change), checked outside any
    transaction."""
    with reading():
        stored = db.session.scalar(select(User.password_hash).where(User.id == user_id))
    if stored is None:
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def end_sessions(user_id: int) -> int:
    """End every session of the account (its version goes up); returns the new version, for
    the session that stays open, if any."""
    db.session.execute(
        update(User).where(User.id == user_id).values(session_version=User.session_version + 1)
    )
    return db.session.scalar(select(User.session_version).where(User.id == user_id)) or 0


def set_password(user_id: int, password_hash: str) -> int:
    """A new password (hashed beforehand) ends every other session; returns the new version."""
    db.session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))
    return end_sessions(user_id)


# Single-use links to set a password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_link_days() -> int:
    """How long a link for a new account works."""
    return current_app.config["PASSWORD_LINK_DAYS"]


def password_reset_hours() -> int:
    """How long a link to reset a forgotten password works."""
    return current_app.config["PASSWORD_RESET_HOURS"]


def create_password_link(user: User, lifetime: timedelta | None = None) -> str:
    """A single-use secret for setting a password; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user_id=user.id,
            token_hash=_token_hash(token),
            expires_at=utcnow() + (lifetime or timedelta(days=password_link_days())),
        )
    )
    return token


def reset_link(user: User) -> str:
    """A link to set a new password, for someone who forgot theirs."""
    return create_password_link(user, timedelta(hours=password_reset_hours()))


def invite(email: str, name: str, **details) -> tuple[User, str]:
    """An account with no password yet, which its owner opens with a single-use link:
    (user, the link's secret)."""
    user = create_user(email, name, None, **details)
    db.session.flush()
    return user, create_password_link(user)


def valid_password_link(token: str) -> PasswordLink | None:
    link = db.session.scalar(
        select(PasswordLink)
        .join(User, User.id == PasswordLink.user_id)
        .where(PasswordLink.token_hash == _token_hash(token), User.deactivated_at.is_(None))
    )
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        return None
    return link


def use_password_link(token: str, password_hash: str) -> Verified | None:
    """Spend the link (and every other open link of the account) on a new password, hashed
    beforehand; None when the link is unknown, used or expired. Other sessions end."""
    link = db.session.scalar(
        select(PasswordLink)
        .join(User, User.id == PasswordLink.user_id)
        .where(PasswordLink.token_hash == _token_hash(token), User.deactivated_at.is_(None))
        # Two submissions of one link at once: the second waits, then fails.
        .with_for_update(of=PasswordLink)
    )
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        return None
    now = utcnow()
    for other in db.session.scalars(
        select(PasswordLink).where(
            PasswordLink.user_id == link.user_id, PasswordLink.used_at.is_(None)
        )
    ):
        other.used_at = now
    return Verified(link.user_id, set_password(link.user_id, password_hash))
