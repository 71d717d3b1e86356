"""The signed session cookie, verified once per cookie and process rather than on every request.

Flask checks a session cookie's signature on every request it is sent with (a new serializer,
an HMAC, base64, zlib, JSON): some 25 µs of every page, where a browser sends the same cookie
again and again. Here a cookie once verified is kept with its content and the time it was
signed: the same text again needs no HMAC, only its age checked against the session's lifetime
as itsdangerous checks it, and its content copied (a session of its own for each request,
which a request may change; read anew from its text when it holds a list or a dict, which a
request may change in place). A cookie never seen, or differing by one byte, is verified in full.
"""

from __future__ import annotations

import time

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

KEPT = 4096  # cookies per process, each some 300 bytes and its content
# A session of such values alone is kept as a dict, copied for each request; one holding a list
# or a dict (flashed messages, which a request appends to in place) is kept as text, read anew.
_UNCHANGEABLE = (str, int, float, bool, type(None))


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        # cookie -> (its content, as a dict or as the session serializer writes it; when signed)
        self._verified: dict[str, tuple[dict | str, int]] = {}
        self._serializer: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made once for the keys rather than on every request."""
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._serializer[0] != keys:
            self._verified.clear()
            self._serializer = (keys, super().get_signing_serializer(app))
        return self._serializer[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        signing = self.get_signing_serializer(app)
        if signing is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = self._verified.get(cookie)
        if known is not None:
            content, signed_at = known
            if 0 <= int(time.time()) - signed_at <= max_age:
                if isinstance(content, dict):  # values no request can change in place
                    return self.session_class(content)
                return self.session_class(self.serializer.loads(content))
        try:
            data, signed = signing.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            self._verified.pop(cookie, None)  # one kept that has expired since
            return self.session_class()
        if len(self._verified) >= KEPT:
            self._verified.pop(next(iter(self._verified), ""), None)  # the one kept longest
        flat = all(isinstance(value, _UNCHANGEABLE) for value in data.values())
        content = dict(data) if flat else self.serializer.dumps(data)
        self._verified[cookie] = (content, int(signed.timestamp()))
        return self.session_class(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if session and not self.should_set_cookie(app, session):  # most requests: no cookie
            if session.accessed:
                vary_by_cookie(response)
            return
        super().save_session(app, session, response)


def vary_by_cookie(response: Response) -> None:
    """`Vary: Cookie` on the response, as `response.vary.add("Cookie")` writes it, without
    parsing the header into a set and writing it out again (some 15 µs, twice a page)."""
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers["Vary"] = "Cookie"
    elif "cookie" not in {name.strip().lower() for name in vary.split(",")}:
        response.headers["Vary"] = f"{vary}, Cookie"
