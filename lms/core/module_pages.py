"""What the learner's module pages (lessons, glossary, quiz) share: finding the module and
choosing the language its texts are shown in for this request."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from lms.content import Module
from lms.content.choice import ContentLanguage, choose_content_language
from lms.core.catalogue import current_catalogue
from lms.i18n import accepted_languages, current_language
from lms.records.enrolment import learner_cohorts


def module_or_404(slug: str, available: bool = False) -> Module:
    """The module with this slug; with `available`, only one that can be read."""
    module = current_catalogue().get(slug)
    if module is None or (available and not module.is_available):
        abort(404)
    return module


def content_language(module: Module) -> ContentLanguage:
    def cohort_languages() -> list[str]:
        if not current_user.is_authenticated:
            return []
        return [cohort.language for cohort in learner_cohorts(current_user.id)]

    return choose_content_language(
        module, request.args.get("lang"), current_language(), accepted_languages(), cohort_languages
    )


def lang_args(code: str) -> dict:
    """Keep a content language in links only where it differs from the interface language."""
    return {} if code == current_language() else {"lang": code}


def kept_lang_args(module: Module) -> dict:
    """For a form's redirect: the language for the texts that the form's address carried (its
    page's `lang_args`), kept for the page it leads to. Unlike `lang_args`, it needs no interface
    language, which nothing else in a redirect works out."""
    chosen = request.args.get("lang")
    return {"lang": chosen} if chosen and module.is_available_in(chosen) else {}


def locked_redirect(module: Module, opens_on: date | None):
    """Back to the module page with a notice, when the module is not open yet; else None."""
    if opens_on is None:
        return None
    flash(_("This module opens on %(date)s.", date=format_date(opens_on, "long")), "info")
    return redirect(url_for("learn.module", slug=module.slug))
