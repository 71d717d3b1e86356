"""The learner path: catalogue, module pages, lessons, progress."""

from flask import Blueprint

blueprint = Blueprint("learn", __name__, template_folder="templates")
