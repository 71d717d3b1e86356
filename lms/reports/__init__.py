"""Reports: who completed what, as a page and as files."""

from flask import Blueprint

blueprint = Blueprint("reports", __name__, template_folder="templates")
