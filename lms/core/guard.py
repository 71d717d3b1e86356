"""What no request may carry, refused at the door with a clear message instead of reaching a
view, a query or a database: NUL and other control characters in the address or a form field,
ids beyond what a database column holds, bodies over the size limit."""

from __future__ import annotations

import re
from itertools import chain

from flask import abort, request
from werkzeug.routing import IntegerConverter, ValidationError

from lms.core import blueprint

# C0 controls and DEL, but tab, line feed and carriage return, which text areas send.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Nothing a person types in a one-line field or an address needs these either.
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")
MAX_ID = 2**31 - 1  # the largest id our integer columns hold (PostgreSQL's integer is 32-bit)


class BoundedIntegerConverter(IntegerConverter):
    """<int:…> in addresses, limited to what the id columns hold: larger ids are not found."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise ValidationError
        return number


def has_control_characters(value: str, newlines_allowed: bool = False) -> bool:
    pattern = _CONTROL if newlines_allowed else _CONTROL_OR_NEWLINE
    return pattern.search(value) is not None


@blueprint.before_app_request
def refuse_control_characters():
    """400 for control characters in the path, the query or a form field (files aside)."""
    # Each kind searched once, joined: one search instead of two per field.
    searched = [request.path]
    if request.environ.get("QUERY_STRING"):  # most requests have none to parse
        args = request.args
        searched += [*args, *chain(*args.listvalues())]
    if has_control_characters("".join(searched)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = request.form
        if has_control_characters("".join(form)) or has_control_characters(
            "".join(chain(*form.listvalues())), newlines_allowed=True
        ):
            abort(400)
