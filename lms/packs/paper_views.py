"""The paper quiz's printable pages: a quiz sheet (no answers) and its answer key, for the people
who run a cohort. Each is a document of its own, set in the sheet's language, printed from the
browser."""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_babel import force_locale
from markupsafe import Markup

from lms.core.access import facilitator_required
from lms.core.module_pages import module_or_404
from lms.packs import blueprint
from lms.packs.build import style_hash, stylesheet
from lms.packs.contents import quiz_questions

PRINT_POLICY = (
    "default-src 'none'; style-src {}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def printable_policy() -> str:
    """The CSP of a printable document: its own stylesheet applies, nothing else is loaded."""
    return PRINT_POLICY.format(style_hash("print.css"))


def _paper(slug: str, language: str, key: bool):
    module = module_or_404(slug, available=True)
    if module.quiz_key is None or not module.is_available_in(language):
        abort(404)
    questions = quiz_questions(module, language)
    with force_locale(language):
        page = render_template(
            "packs/paper.html",
            module=module,
            language=language,
            title=module.title(language),
            questions=questions,
            key=key,
            points={question.id: question.points for question in module.quiz_key.questions},
            example=" ".join(question.correct_letters for question in questions[:4]) + " …",
            css=Markup(stylesheet("print.css")),  # noqa: S704 - our own file, in a <style> element
        )
    response = make_response(page)
    response.headers["Content-Security-Policy"] = printable_policy()
    # The key must not stay in a shared computer's cache.
    response.headers["Cache-Control"] = "private, no-store" if key else "private, no-cache"
    return response


@blueprint.get("/modules/<slug>/paper/<language>/sheet")
@facilitator_required
def quiz_sheet(slug: str, language: str):
    return _paper(slug, language, key=False)


@blueprint.get("/modules/<slug>/paper/<language>/key")
@facilitator_required
def answer_key(slug: str, language: str):
    return _paper(slug, language, key=True)
