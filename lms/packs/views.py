from __future__ import annotations

from flask import abort, make_response, request

from lms.core.module_pages import module_or_404
from lms.packs import blueprint
from lms.packs.build import KINDS, xhtml
from lms.packs.paper_views import printable_policy
from lms.packs.sizes import file_size
from lms.packs.store import pack_store

blueprint.add_app_template_filter(xhtml, "xhtml")
blueprint.add_app_template_filter(file_size, "filesize")


@blueprint.get("/modules/<slug>/packs/<language>/<kind>")
def download(slug: str, language: str, kind: str):
    """A pack, with a validator: a second download of the same pack is a 304 with no body."""
    module = module_or_404(slug, available=True)
    if kind not in KINDS or not module.is_available_in(language):
        abort(404)
    pack = pack_store().get(module, language, kind)
    response = make_response(pack.body)
    response.mimetype = pack.mimetype
    response.set_etag(pack.etag)
    response.last_modified = pack.modified
    response.headers["Cache-Control"] = "public, no-cache"
    if kind == "print":
        # Opened in the browser to print: the CSP lets its own stylesheet, and nothing else, apply.
        response.headers["Content-Security-Policy"] = printable_policy()
        response.headers["Content-Disposition"] = f'inline; filename="{pack.filename}"'
    else:
        response.headers["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    return response.make_conditional(request)
