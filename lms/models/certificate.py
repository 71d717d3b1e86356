from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, UTCDateTime, utcnow


class Certificate(Base):
    """A certificate issued once per learner and subject ("module:<slug>" or "course:<cohort id>");
    downloading it again gives the same code."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("user_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # unguessable, printed and in the QR
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))  # the learner's name as issued
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
