"""Module quizzes: graded on the server, every attempt kept."""

from flask import Blueprint

blueprint = Blueprint("quiz", __name__, template_folder="templates")
