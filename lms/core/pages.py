"""Headers and template helpers for every response."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_login import current_user
from markupsafe import Markup

from lms.core import blueprint
from lms.core.cookie_session import vary_by_cookie
from lms.core.forms import LanguageForm
from lms.i18n import (
    INTERFACE_LANGUAGES,
    country_name,
    current_language,
    date_range,
    in_language_order,
    isolate,
    list_format,
    page_direction,
    plural_count,
)
from lms.languages import LANGUAGES, direction, native_name
from lms.records.status import STATUS_LABELS
from lms.timezones import zone_name

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


# Sent with every answer, unless the view set its own (a printable page's policy).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
_SET_BY_VIEWS = frozenset(name.lower() for name, _value in SECURITY_HEADERS) | {"cache-control"}


@blueprint.after_app_request
def security_headers(response):
    headers = response.headers
    # Headers looked up once, not once per header: this runs on every answer.
    already = {name.lower() for name in headers.keys()} & _SET_BY_VIEWS  # noqa: SIM118 - names
    for name, value in SECURITY_HEADERS:
        if name.lower() not in already:
            headers.add(name, value)
    if response.mimetype == "text/html":
        if "cache-control" not in already:
            # A signed-in person's pages: browsers revalidate them, shared caches never keep them.
            private = current_user.is_authenticated
            headers.add("Cache-Control", "private, no-cache" if private else "no-cache")
        vary_by_cookie(response)
    return response


@blueprint.app_template_global()
def status_label(status: str) -> str:
    """A learner's status in a module or a course, in the reader's language."""
    return str(STATUS_LABELS[status])


# Values inside sentences: `{{ _("%(email)s is enrolled.", email=email|bdi) }}`.
blueprint.add_app_template_filter(isolate, "bdi")
blueprint.add_app_template_filter(list_format, "listformat")
blueprint.add_app_template_filter(country_name, "countryname")
blueprint.add_app_template_filter(plural_count, "pluralcount")
blueprint.add_app_template_filter(date_range, "daterange")
blueprint.add_app_template_filter(in_language_order, "inlanguageorder")


@blueprint.app_template_filter("language_name")
def language_name(code: str) -> Markup:
    """A language named in its own script, marked with its own language and direction."""
    return Markup('<span lang="%s" dir="%s">%s</span>') % (code, direction(code), native_name(code))


@blueprint.app_template_filter("zonename")
def zone_name_filter(zone: str) -> str:
    """A time zone id as the reader's language names it."""
    return zone_name(zone, current_language())


def asset_url(name: str) -> str:
    return url_for("core.static", filename=current_app.extensions["lms.assets"].url_name(name))


@blueprint.app_context_processor
def layout_helpers() -> dict:
    return {
        "asset_url": asset_url,
        "current_language": current_language(),
        "page_direction": page_direction(),
        "interface_languages": [LANGUAGES[code] for code in INTERFACE_LANGUAGES],
        "language_form": LanguageForm,
        "native_name": native_name,
        "direction": direction,
        "current_path": request.full_path.rstrip("?") if request else "/",
    }
