"""Files the browser saves: personal data, so no shared cache keeps them and no browser stores
them beyond the download."""

from flask import Response

NOT_STORED = "private, no-store"


def attachment(body, mimetype: str, filename: str) -> Response:
    """A response the browser saves as a file; `body` may be text, bytes, a generator or an
    open file."""
    response = Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.headers["Cache-Control"] = NOT_STORED
    return response
