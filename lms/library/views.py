from __future__ import annotations

from flask import abort, render_template, request

from lms.content.render import render_markdown
from lms.core.catalogue import current_catalogue
from lms.i18n import current_language
from lms.languages import direction
from lms.library import blueprint, service


@blueprint.get("/about")
def about():
    catalogue = current_catalogue()
    page = service.page_for_reader(catalogue.about, current_language())
    if page is None:
        abort(404)
    return render_template(
        "library/about.html",
        page=page,
        body=render_markdown(page.body, direction(page.language)),
        modules=catalogue.modules,
    )


@blueprint.get("/resources")
def resources():
    library = current_catalogue().library
    if library is None:
        abort(404)
    category = request.args.get("category") or None
    if category is not None and category not in library.categories:
        abort(404)
    return render_template(
        "library/resources.html",
        library=library,
        category=category,
        resources=service.resources_in(library, category),
        counts=service.counts_by_category(library),
        text_language=service.text_language(library.languages, current_language()),
    )
