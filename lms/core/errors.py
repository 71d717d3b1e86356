"""The app's own error pages, in the reader's language; never a traceback."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from lms.core import blueprint

MESSAGES = {
    400: (
        _l("Bad request"),
        _l(
            "The request could not be understood: it may contain characters that are not "
            "allowed. Please go back and try again."
        ),
    ),
    403: (
        lazy_pgettext("403: this person may not see the page", "Not allowed"),
        _l("You do not have permission to see this page."),
    ),
    404: (_l("Page not found"), _l("There is no page at this address. It may have moved.")),
    405: (
        lazy_pgettext("405: the address does not accept this kind of request", "Not allowed"),
        _l("This address does not accept that kind of request."),
    ),
    413: (
        _l("Too large"),
        _l("What you sent is larger than this site accepts (4 MB). Please send a smaller file."),
    ),
    429: (
        _l("Too many attempts"),
        _l("There were too many attempts from here. Please wait a few minutes and try again."),
    ),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
}
CSRF_MESSAGE = _l(
    "This form had expired, so nothing was saved. "
    "Please go back, reload the page and send it again."
)


def render_error(code: int, message: object | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    return (
        render_template("error.html", code=code, title=title, message=message or default_message),
        code,
    )


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, CSRFError):
        return render_error(400, CSRF_MESSAGE)
    response = render_error(error.code)
    allowed = getattr(error, "valid_methods", None)
    if error.code == 405 and allowed:
        return (*response, {"Allow": ", ".join(allowed)})
    return response


@blueprint.app_errorhandler(InternalServerError)
def server_error(_error: InternalServerError):
    from lms.extensions import db

    db.session.rollback()
    return render_error(500)
