"""A session's form token, signed once per process rather than on every page.

Flask-WTF keeps a random secret in the session and writes it into each page's forms signed with
the time (a new serializer and an HMAC, some 20 µs), on every page, for the header's forms at
least. Our tokens never expire (WTF_CSRF_TIME_LIMIT is None), so the signed value made for a
secret serves as well on the next page: it is kept per process, by signing key and session
secret. Flask-WTF's generate_csrf finds it where it looks first (`g`), so forms and templates of
the request carry the same token, and Flask-WTF checks what comes back as it always does.
"""

from __future__ import annotations

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

KEPT = 4096  # sessions per process
FIELD = "csrf_token"  # Flask-WTF's name for it in the session, in `g` and in forms
STORE = "lms.form_tokens"  # the app's extension: signed tokens by signing key and secret


def init_app(app: Flask) -> None:
    """Keep the app's signed tokens, and give templates `csrf_token()` from here. After
    Flask-WTF's own init_app, whose template global this one replaces."""
    app.extensions[STORE] = {}
    app.add_template_global(form_token, FIELD)


def form_token() -> str:
    """The signed form token of this request's session (made, with its secret, if missing)."""
    made = g.get(FIELD)
    if made is not None:  # earlier in this request, where generate_csrf would find it too
        return made
    secret = session.get(FIELD)
    config = current_app.config
    if not isinstance(secret, str) or config["WTF_CSRF_TIME_LIMIT"] is not None:
        return generate_csrf()
    signed: dict[tuple, str] = current_app.extensions[STORE]
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, secret)
    token = signed.get(key)
    if token is None:
        token = generate_csrf()
        if len(signed) >= KEPT:
            signed.pop(next(iter(signed), ()), None)  # the one kept longest
        signed[key] = token
    setattr(g, FIELD, token)
    return token
