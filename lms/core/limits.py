"""Rate limits on the doors people guess at: log-in, sign-up, password reset, join codes.

Counted per address and per account, in memory by default, or in Redis when REDIS_URL is set, so
that every process of a deployment counts together. A request over a limit gets the 429 page with
a clear message and a Retry-After header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Flask, current_app, request
from flask.globals import request_ctx
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user


class RouteLimiter(Limiter):
    """Limits on the routes that declare them, and nowhere else.

    Flask-Limiter also checks every request for limits of the whole application; there are none
    here, so that check would only cost every page some 0.07 ms (a tenth of a signed-in form
    post). The routes' own limits are checked by their decorators, which this leaves alone.
    Its hooks after each request (the limit's headers) and at its end (the limits met, reset)
    run only for a request that met a limit: on the others they made a lesson page 4 % slower,
    for nothing."""

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if not in_middleware:
            super()._check_request_limit(callable_name, in_middleware)

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        for hooks in (app.after_request_funcs[None], app.teardown_request_funcs[None]):
            hooks[:] = [_when_limited(hook) if self._owns(hook) else hook for hook in hooks]

    def _owns(self, hook: Callable) -> bool:
        """Whether the hook is one of this limiter's: a bound method or a partial given it."""
        bound_to = getattr(hook, "__self__", None)
        given = hook.args[:1] if isinstance(hook, partial) else ()
        return bound_to is self or self in given


def _when_limited(hook: Callable) -> Callable:
    """The hook, for a request whose limits Flask-Limiter looked at (it keeps them on the request
    context); any other request's value passes through (an after-request hook's response; a
    teardown's error, which Flask does not use)."""

    def hook_when_limited(value=None):
        if hasattr(request_ctx._get_current_object(), "_limiter_request_context"):
            return hook(value)
        return value

    return hook_when_limited


limiter = RouteLimiter(key_func=get_remote_address)


def _setting(name: str):
    return lambda: current_app.config[name]


def account_key() -> str:
    """The account a request is about: the email it gives, else the signed-in person."""
    email = request.form.get("email", "")
    if email:
        return "account:" + email.strip().lower()[:254]
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + (get_remote_address() or "")


login_limits = _setting("RATELIMIT_LOGIN")
login_account_limits = _setting("RATELIMIT_LOGIN_ACCOUNT")
signup_limits = _setting("RATELIMIT_SIGNUP")
reset_limits = _setting("RATELIMIT_RESET")
join_limits = _setting("RATELIMIT_JOIN")
