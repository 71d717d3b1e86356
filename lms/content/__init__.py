"""Course content: files under content/, loaded once, validated strictly."""

from lms.content.loader import load_catalogue
from lms.content.model import Catalogue, ContentError, Module, Problem

__all__ = ["Catalogue", "ContentError", "Module", "Problem", "load_catalogue"]
