from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def safe_next(target: str | None) -> str | None:
    """A local path to go back to, or None: never another host (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in target):  # no header injection
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def public_url(endpoint: str, **values) -> str:
    """An absolute address on this site: the request's host inside a request, else PUBLIC_URL
    (the command line, background jobs)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)
