from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.cohorts import home
from lms.cohorts import service as cohort_service
from lms.content import Module
from lms.content.glossary import terms_in
from lms.content.render import render_markdown
from lms.core.catalogue import current_catalogue
from lms.extensions import db
from lms.i18n import accepted_languages, current_language, sort_key
from lms.learn import blueprint, service


def module_or_404(slug: str) -> Module:
    module = current_catalogue().get(slug)
    if module is None:
        abort(404)
    return module


def content_language(module: Module) -> service.ContentLanguage:
    def cohort_languages() -> list[str]:
        if not current_user.is_authenticated:
            return []
        return [c.language for c in cohort_service.cohorts_of_learner(current_user.id)]

    return service.choose_content_language(
        module, request.args.get("lang"), current_language(), accepted_languages(), cohort_languages
    )


def lang_args(code: str) -> dict:
    """Keep a content language in links only where it differs from the interface language."""
    return {} if code == current_language() else {"lang": code}


@blueprint.get("/", endpoint="catalogue")
def show_catalogue():
    modules = current_catalogue().modules
    progress, panels = {}, []
    if current_user.is_authenticated:
        available = [module for module in modules if module.is_available]
        progress = {p.module.slug: p for p in service.progress_for(current_user.id, available)}
        panels = home.learner_panels(current_user.id, progress)
    return render_template(
        "learn/catalogue.html", modules=modules, progress=progress, panels=panels
    )


def opening_date(module: Module):
    """The date a module opens for the current learner, or None when it is open."""
    return cohort_service.locked_modules(current_user.id).get(module.slug)


def redirect_if_locked(module: Module):
    opens_on = opening_date(module)
    if opens_on is None:
        return None
    flash(
        _("This module opens on %(date)s.", date=format_date(opens_on, "long")),
        "info",
    )
    return redirect(url_for("learn.module", slug=module.slug))


@blueprint.get("/modules/<slug>")
def module(slug: str):
    module = module_or_404(slug)
    progress = opens_on = None
    if current_user.is_authenticated and module.is_available:
        progress = service.module_progress(current_user.id, module)
        opens_on = opening_date(module)
    language = content_language(module) if module.is_available else None
    return render_template(
        "learn/module.html",
        module=module,
        progress=progress,
        opens_on=opens_on,
        language=language,
        text=module.texts.get(language.code) if language else None,
        lang_args=lang_args(language.code) if language else {},
    )


def _lesson_or_404(slug: str, lesson_id: str) -> Module:
    module = module_or_404(slug)
    if not module.is_available or lesson_id not in module.lesson_ids:
        abort(404)
    return module


@blueprint.get("/modules/<slug>/lessons/<lesson_id>")
@login_required
def lesson(slug: str, lesson_id: str):
    module = _lesson_or_404(slug, lesson_id)
    if locked := redirect_if_locked(module):
        return locked
    language = content_language(module)
    text = module.texts[language.code].lessons[lesson_id]
    previous_id, next_id = service.neighbours(module, lesson_id)
    done = service.completed_lessons(current_user.id, module.slug)
    return render_template(
        "learn/lesson.html",
        module=module,
        lesson=text,
        body=render_markdown(text.body),
        language=language,
        lang_args=lang_args(language.code),
        position=module.lesson_position(lesson_id),
        previous_id=previous_id,
        next_id=next_id,
        titles=module.texts[language.code].lessons,
        completed=lesson_id in done,
        key_terms=terms_in(text.body, module.texts[language.code].glossary),
    )


@blueprint.post("/modules/<slug>/lessons/<lesson_id>/complete")
@login_required
def complete_lesson(slug: str, lesson_id: str):
    module = _lesson_or_404(slug, lesson_id)
    if locked := redirect_if_locked(module):
        return locked
    service.mark_lesson_complete(current_user.id, module, lesson_id)
    db.session.commit()
    args = lang_args(content_language(module).code)
    _previous, next_id = service.neighbours(module, lesson_id)
    if next_id is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_id=next_id, **args))
    return redirect(url_for("quiz.take", slug=slug, **args))


@blueprint.get("/progress")
@login_required
def progress():
    modules = [module for module in current_catalogue().modules if module.is_available]
    return render_template(
        "learn/progress.html", progress=service.progress_for(current_user.id, modules)
    )


@blueprint.get("/modules/<slug>/glossary")
def glossary(slug: str):
    module = module_or_404(slug)
    if not module.is_available:
        abort(404)
    language = content_language(module)
    terms = module.texts[language.code].glossary.values()
    return render_template(
        "learn/glossary.html",
        module=module,
        language=language,
        lang_args=lang_args(language.code),
        terms=sorted(terms, key=lambda entry: sort_key(entry.term)),
    )
