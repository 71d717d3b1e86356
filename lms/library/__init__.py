"""Around the modules: the "About this course" page and the resource library."""

from flask import Blueprint

blueprint = Blueprint("library", __name__, template_folder="templates")

from lms.library import views  # noqa: E402, F401  (routes register on import)
