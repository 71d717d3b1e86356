from flask import Response


def attachment(body, mimetype: str, filename: str) -> Response:
    """A response the browser saves as a file; `body` may be text, bytes or a generator."""
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
