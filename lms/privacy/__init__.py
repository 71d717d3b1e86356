"""A person's data: what is held and why, its download, erasure, deactivation and retention."""

from flask import Blueprint

blueprint = Blueprint("privacy", __name__, template_folder="templates")
