"""Certificates: PDF in the learner's language, with a code anyone can verify."""

from flask import Blueprint

blueprint = Blueprint("certificates", __name__, template_folder="templates")
