"""Accounts: sign up, log in, log out."""

from flask import Blueprint

from lms.core.identity import load_identity
from lms.extensions import login_manager

blueprint = Blueprint("auth", __name__, template_folder="templates")
login_manager.user_loader(load_identity)
