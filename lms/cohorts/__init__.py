"""Cohorts: facilitators run a course for a group of learners."""

from flask import Blueprint

blueprint = Blueprint("cohorts", __name__, template_folder="templates")
