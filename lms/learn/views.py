from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from lms.cohorts import home
from lms.core.catalogue import current_catalogue
from lms.core.module_pages import (
    content_language,
    kept_lang_args,
    lang_args,
    locked_redirect,
    module_or_404,
)
from lms.core.page_cache import render_page
from lms.extensions import db
from lms.i18n import sort_key
from lms.learn import blueprint, service
from lms.packs.store import pack_store
from lms.records.enrolment import cohorts_and_invitations
from lms.records.opening import ModuleLocked
from lms.records.readiness import opening_and_lessons, opening_and_result
from lms.records.results import ModuleResult, results_for


@blueprint.get("/", endpoint="catalogue")
def show_catalogue():
    modules = current_catalogue().modules
    progress, panels, invitations = {}, [], []
    if current_user.is_authenticated:
        progress = results_for(current_user.id, [m for m in modules if m.is_available])
        cohorts, invitations = cohorts_and_invitations(current_user.id)
        panels = home.learner_panels(cohorts, progress)
    key = (
        tuple((slug, result.status, result.share_done) for slug, result in progress.items()),
        tuple(home.panel_key(panel) for panel in panels),
        tuple((c.id, c.name, c.starts_on, c.ends_on) for c in invitations),
    )
    return render_page(
        "learn/catalogue.html",
        key,
        modules=modules,
        progress=progress,
        panels=panels,
        invitations=invitations,
    )


def _state(result: ModuleResult) -> tuple:
    """All a module's progress shows, as a cache key."""
    return (
        result.completed_lessons,
        result.attempts,
        result.best_percent,
        result.completed_at,
    )


@blueprint.get("/modules/<slug>")
def module(slug: str):
    module = module_or_404(slug)
    progress = opens_on = None
    if current_user.is_authenticated and module.is_available:
        opens_on, progress = opening_and_result(current_user.id, module)
    language = content_language(module) if module.is_available else None
    state = None if progress is None else _state(progress)
    return render_page(
        "learn/module.html",
        (module.slug, language, state, opens_on),
        module=module,
        progress=progress,
        opens_on=opens_on,
        language=language,
        text=module.texts.get(language.code) if language else None,
        lang_args=lang_args(language.code) if language else {},
        build=lambda: {"packs": pack_store().all_kinds(module, language.code) if language else {}},
    )


def _lesson_module(slug: str, lesson_id: str):
    module = module_or_404(slug, available=True)
    if lesson_id not in module.lesson_ids:
        abort(404)
    return module


@blueprint.get("/modules/<slug>/lessons/<lesson_id>")
@login_required
def lesson(slug: str, lesson_id: str):
    module = _lesson_module(slug, lesson_id)
    # The lesson rows alone: whatever the learner's attempts, the page shows none of them.
    opens_on, lessons = opening_and_lessons(current_user.id, module)
    if locked := locked_redirect(module, opens_on):
        return locked
    language = content_language(module)
    texts = module.texts[language.code]
    lesson = texts.lessons[lesson_id]
    previous_id, next_id = service.neighbours(module, lesson_id)
    completed = lesson_id in lessons.completed_lessons
    return render_page(
        "learn/lesson.html",
        (module.slug, lesson_id, language, completed),
        module=module,
        lesson=lesson,
        body=Markup(lesson.html),  # noqa: S704 - sanitised when the content was loaded
        language=language,
        lang_args=lang_args(language.code),
        position=module.lesson_position(lesson_id),
        previous_id=previous_id,
        next_id=next_id,
        titles=texts.lessons,
        completed=completed,
        key_terms=[texts.glossary[term_id] for term_id in lesson.key_terms],
    )


@blueprint.post("/modules/<slug>/lessons/<lesson_id>/complete")
@login_required
def complete_lesson(slug: str, lesson_id: str):
    module = _lesson_module(slug, lesson_id)
    try:
        recorded = service.mark_lesson_complete(current_user.id, module, lesson_id)
    except ModuleLocked as locked:
        return locked_redirect(module, locked.opens_on)
    if recorded:  # a lesson done before wrote nothing, and opened no transaction to end
        db.session.commit()
    args = kept_lang_args(module)
    _previous, next_id = service.neighbours(module, lesson_id)
    if next_id is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_id=next_id, **args))
    return redirect(url_for("quiz.take", slug=slug, **args))


@blueprint.get("/progress")
@login_required
def progress():
    modules = [module for module in current_catalogue().modules if module.is_available]
    return render_template(
        "learn/progress.html", progress=results_for(current_user.id, modules).values()
    )


@blueprint.get("/modules/<slug>/glossary")
def glossary(slug: str):
    module = module_or_404(slug, available=True)
    language = content_language(module)
    terms = module.texts[language.code].glossary.values()
    return render_page(
        "learn/glossary.html",
        (module.slug, language),
        build=lambda: {"terms": sorted(terms, key=lambda entry: sort_key(entry.term))},
        module=module,
        language=language,
        lang_args=lang_args(language.code),
    )
