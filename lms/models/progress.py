"""What learners did, keyed by stable content ids (module slug, lesson id, question id)."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, UTCDateTime, utcnow
from lms.models.user import User


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(80))
    lesson_id: Mapped[str] = mapped_column(String(80))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModuleCompletion(Base):
    __tablename__ = "module_completion"
    __table_args__ = (UniqueConstraint("user_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(80))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempt"
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(80))
    number: Mapped[int] = mapped_column(Integer)
    # One-time token from the quiz form: a resubmitted form finds its attempt instead of a new one.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10))
    # {question_id: {"selected": [option ids], "points": earned}}
    answers: Mapped[dict] = mapped_column(JSON)
    points: Mapped[float] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    percent: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A quiz sheet answered on paper, entered by a facilitator (who, kept while their account is;
    # when: submitted_at). Its token is derived from the sheet, so entering it again finds it.
    on_paper: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
