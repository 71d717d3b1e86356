from __future__ import annotations

from flask import Response, abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lms.core import blueprint
from lms.core.database import accepts_writes
from lms.core.forms import LanguageForm
from lms.core.identity import account
from lms.core.urls import safe_next
from lms.extensions import db
from lms.i18n import LANGUAGE_COOKIE

ONE_YEAR = 365 * 24 * 3600


@blueprint.get("/healthz")
def healthz():
    """200 when the database answers and accepts writes; 503 (and which failed) otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database does not answer")
        return jsonify(status="error", database="unavailable", writes="unknown"), 503
    db.session.rollback()
    if not accepts_writes():
        return jsonify(status="error", database="ok", writes="refused"), 503
    return jsonify(status="ok", database="ok", writes="ok")


@blueprint.post("/language")
def change_language():
    form = LanguageForm()
    back = safe_next(form.next.data) or url_for("learn.catalogue")
    if not form.validate():
        return redirect(back)
    if current_user.is_authenticated:
        account().locale = form.language.data
        db.session.commit()
    response = redirect(back)
    response.set_cookie(
        LANGUAGE_COOKIE, form.language.data, max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    return response


@blueprint.get("/static/<path:filename>")
def static(filename: str):
    asset = current_app.extensions["lms.assets"].get(filename)
    if asset is None:
        abort(404)
    gzip_ok = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    # content_type, not mimetype: Werkzeug would add a second charset to a text type.
    response = Response(asset.gzipped if gzip_ok else asset.body, content_type=asset.content_type)
    if gzip_ok:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(asset.etag)
    return response.make_conditional(request)
