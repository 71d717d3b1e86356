"""The database holds people and what they did; never copies of course content."""

from lms.models.base import Base
from lms.models.progress import LessonProgress, ModuleCompletion, QuizAttempt
from lms.models.user import ROLES, User

__all__ = ["ROLES", "Base", "LessonProgress", "ModuleCompletion", "QuizAttempt", "User"]
