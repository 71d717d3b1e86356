"""Who is signed in, as every request needs to know it: read with one light query per request.

Pages only read who the reader is; code that changes the account loads the User model with
`account()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import UserMixin, current_user
from sqlalchemy import bindparam, select

from lms.extensions import db
from lms.models import User

_BY_ID = select(User.id, User.email, User.name, User.role, User.locale, User.timezone).where(
    User.id == bindparam("user_id")
)


@dataclass(frozen=True)
class Identity(UserMixin):
    id: int
    email: str
    name: str
    role: str
    locale: str | None
    timezone: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_facilitator(self) -> bool:
        return self.role in ("facilitator", "admin")


def load_identity(user_id: str) -> Identity | None:
    """Flask-Login's user loader: the signed-in person, or None for an unknown id."""
    if not user_id.isdigit() or int(user_id) > 2**63 - 1:
        return None
    row = db.session.execute(_BY_ID, {"user_id": int(user_id)}).first()
    return Identity(*row) if row else None


def account() -> User:
    """The signed-in person's account, to change it."""
    return db.session.get_one(User, current_user.id)
