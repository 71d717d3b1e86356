"""The database holds people and what they did; never copies of course content."""

from lms.models.audit import AuditEvent
from lms.models.background import Outbox, PreparedFile
from lms.models.base import Base
from lms.models.certificate import Certificate
from lms.models.cohort import (
    Announcement,
    Attendance,
    Cohort,
    CohortFacilitator,
    CohortModule,
    CsvUpload,
    Enrolment,
    LiveSession,
    PasswordLink,
)
from lms.models.progress import LessonProgress, ModuleCompletion, QuizAttempt
from lms.models.user import ROLES, User

__all__ = [
    "ROLES",
    "Announcement",
    "Attendance",
    "AuditEvent",
    "Base",
    "Certificate",
    "Cohort",
    "CohortFacilitator",
    "CohortModule",
    "CsvUpload",
    "Enrolment",
    "LessonProgress",
    "LiveSession",
    "ModuleCompletion",
    "Outbox",
    "PasswordLink",
    "PreparedFile",
    "QuizAttempt",
    "User",
]
