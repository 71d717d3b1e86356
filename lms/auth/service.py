"""Accounts and passwords, free of HTTP."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import ROLES, PasswordLink, User
from lms.models.base import utcnow


class EmailTaken(Exception):
    pass


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
    return _hasher().hash(password)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    password: str,
    role: str = "learner",
    locale: str | None = None,
    **details: str,
) -> User:
    """Add an account (flushed, not committed); EmailTaken when the address is in use.

    `details`: country, institution, department."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
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


def update_account(user: User, name: str, locale: str, timezone: str) -> None:
    user.name = name.strip()
    user.locale = locale
    user.timezone = timezone


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password these are, or None, taking as long either way."""
    hasher = _hasher()
    user = find_user_by_email(email)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal which emails exist.
        hasher.hash(password)
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unusable_password() -> str:
    """A password nobody knows, for accounts whose owner will set one through a link."""
    return secrets.token_urlsafe(32)


def password_link_days() -> int:
    return current_app.config["PASSWORD_LINK_DAYS"]


def create_password_link(user: User) -> str:
    """A single-use secret for setting a password; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user_id=user.id,
            token_hash=_token_hash(token),
            expires_at=utcnow() + timedelta(days=password_link_days()),
        )
    )
    return token


def invite(email: str, name: str, **details) -> tuple[User, str]:
    """An account its owner will open with a single-use link: (user, the link's secret)."""
    user = create_user(email, name, unusable_password(), **details)
    db.session.flush()
    return user, create_password_link(user)


def valid_password_link(token: str) -> PasswordLink | None:
    link = db.session.scalar(
        select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token))
    )
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        return None
    return link


def set_password_with_link(link: PasswordLink, password: str) -> User:
    """Use the link once: set the password and spend every other open link of the account."""
    user = db.session.get_one(User, link.user_id)
    user.password_hash = hash_password(password)
    now = utcnow()
    for other in db.session.scalars(
        select(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
    ):
        other.used_at = now
    return user
