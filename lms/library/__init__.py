"""Around the modules: the "About this course" page and the resource library."""

from flask import Blueprint

blueprint = Blueprint("library", __name__, template_folder="templates")
