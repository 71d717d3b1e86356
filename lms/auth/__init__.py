"""Accounts: sign up, log in, log out."""

from flask import Blueprint

from lms.auth import service
from lms.extensions import login_manager

blueprint = Blueprint("auth", __name__, template_folder="templates")
login_manager.user_loader(service.load_user)
