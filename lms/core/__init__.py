"""What every page shares: layout helpers, security headers, error pages, health, assets."""

from flask import Blueprint

blueprint = Blueprint("core", __name__)

from lms.core import errors, pages, views  # noqa: E402, F401  (routes register on import)
