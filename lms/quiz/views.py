from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.module_pages import (
    content_language,
    kept_lang_args,
    lang_args,
    locked_redirect,
    module_or_404,
)
from lms.core.page_cache import render_page
from lms.quiz import blueprint, service
from lms.quiz.forms import quiz_form_for, read_sheet
from lms.records.attempts import attempt_by_number, attempts_of, recorded_answers
from lms.records.opening import ModuleLocked
from lms.records.readiness import opening_and_result
from lms.records.results import results_for


def _quiz_module(slug: str):
    module = module_or_404(slug, available=True)
    if module.quiz_key is None:
        abort(404)
    return module


@blueprint.route("/modules/<slug>/quiz", methods=["GET", "POST"], endpoint="take")
@login_required
def take(slug: str):
    module = _quiz_module(slug)
    sheet = read_sheet(module.quiz_key, request.form) if request.method == "POST" else None
    if sheet is not None and not sheet.unanswered:
        return _submit(module, sheet.answers)
    language = content_language(module)
    args = lang_args(language.code)
    opens_on, progress = opening_and_result(current_user.id, module)
    if locked := locked_redirect(module, opens_on):
        return locked
    if not progress.quiz_open:
        return _lessons_first(module, args)
    if not progress.attempts_left:
        return render_template(
            "quiz/exhausted.html", module=module, progress=progress, lang_args=args
        )
    form_class = quiz_form_for(module, language.code)
    if sheet is not None:  # sent with questions unanswered: shown again, the answers kept
        form = form_class()
        form.show_gaps(sheet)
        return render_template(
            "quiz/take.html",
            module=module,
            form=form,
            progress=progress,
            language=language,
            lang_args=args,
            questions=module.quiz_key.questions,
        )
    token = service.new_token()

    def blank_form() -> dict:  # built only when the page is rendered, not taken from the cache
        form = form_class()
        form.token.data = token
        form.language.data = language.code
        return {"form": form}

    return render_page(
        "quiz/take.html",
        (module.slug, language, progress.attempts),
        tokens=[token],
        new_token=service.new_token,
        build=blank_form,
        module=module,
        progress=progress,
        language=language,
        lang_args=args,
        questions=module.quiz_key.questions,
    )


def _submit(module, answers: dict[str, list[str]]):
    """Grade and record a complete answer sheet; the service checks that the learner may. The
    attempt is recorded in the language its questions were shown in, as the form says (else the
    one this address shows); the result keeps the form address's language for the texts."""
    shown_in = request.form.get("language", "")
    if not module.is_available_in(shown_in):
        shown_in = content_language(module).code
    token = request.form.get("token", "")
    args = kept_lang_args(module)
    try:
        attempt = service.submit_attempt(current_user.id, module, answers, token, shown_in)
    except service.InvalidToken:
        abort(400)
    except ModuleLocked as locked:
        return locked_redirect(module, locked.opens_on)
    except service.QuizLocked:
        return _lessons_first(module, args)
    except service.AttemptsExhausted:
        progress = results_for(current_user.id, [module])[module.slug]
        return render_template(
            "quiz/exhausted.html", module=module, progress=progress, lang_args=args
        )
    return redirect(url_for("quiz.result", slug=module.slug, number=attempt.number, **args))


def _lessons_first(module, args: dict):
    flash(_("Please complete every lesson of this module before taking its quiz."), "info")
    return redirect(url_for("learn.module", slug=module.slug, **args))


@blueprint.get("/modules/<slug>/quiz/attempts", endpoint="attempts")
@login_required
def attempts(slug: str):
    module = _quiz_module(slug)
    return render_template(
        "quiz/attempts.html",
        module=module,
        attempts=attempts_of(current_user.id, module.slug),
        lang_args=lang_args(content_language(module).code),
    )


@blueprint.get("/modules/<slug>/quiz/attempts/<int:number>", endpoint="result")
@login_required
def result(slug: str, number: int):
    module = _quiz_module(slug)
    attempt = attempt_by_number(current_user.id, module.slug, number)
    if attempt is None:
        abort(404)
    language = content_language(module)
    progress = results_for(current_user.id, [module])[module.slug]
    return render_template(
        "quiz/result.html",
        module=module,
        attempt=attempt,
        answers=recorded_answers(module, attempt.answers),
        progress=progress,
        language=language,
        lang_args=lang_args(language.code),
        texts=module.texts[language.code].quiz,
        questions=module.quiz_key.questions,
        # The full key is shown once it can no longer help a retry.
        reveal_key=progress.completed_at is not None or not progress.attempts_left,
    )
