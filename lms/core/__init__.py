"""What every page shares: layout helpers, security headers, error pages, health, assets."""

from flask import Blueprint

blueprint = Blueprint("core", __name__)
