from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, UTCDateTime, utcnow

ROLES = ("learner", "facilitator", "admin")


class User(UserMixin, Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint("role IN ('learner', 'facilitator', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint holds regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # None until the owner sets one (accounts created by a facilitator or an import).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Raised to end every session of the account (logout, password change): a session carries
    # the version it was opened with and is refused once it no longer matches.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Raised by database triggers whenever anything the person's pages show changes: their
    # records, their enrolments, their cohorts (migration 0008). Pages answered again from
    # memory hold while it stays the same.
    records_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    role: Mapped[str] = mapped_column(String(20), default="learner")
    locale: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")  # ISO 3166
    institution: Mapped[str] = mapped_column(String(255), default="", server_default="")
    department: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person last said they keep the account (after a retention notice); their
    # records (lessons, attempts, enrolments) show the rest of their activity.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by an administrator: the account cannot log in, and every record of it stays.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the retention job gives notice that the account will be anonymised; cleared when
    # its owner logs in again.
    retention_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the account was erased: name, email and free texts are gone; its records remain
    # only as anonymous rows, so cohort and item statistics stay right.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_facilitator(self) -> bool:
        return self.role in ("facilitator", "admin")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
