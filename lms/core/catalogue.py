"""The course content loaded by create_app, for views and commands."""

from __future__ import annotations

from flask import current_app

from lms.content import Catalogue, Module


def current_catalogue() -> Catalogue:
    return current_app.extensions["lms.catalogue"]


def cohort_modules(cohort) -> list[Module]:
    """The catalogue modules of a cohort, in the cohort's order."""
    catalogue = current_catalogue()
    modules = (catalogue.get(item.module_slug) for item in cohort.modules)
    return [module for module in modules if module is not None]
