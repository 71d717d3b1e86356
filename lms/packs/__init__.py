"""Module packs to read offline (EPUB, one HTML file, a printable form) and the paper quiz."""

from flask import Blueprint

blueprint = Blueprint("packs", __name__, template_folder="templates")
