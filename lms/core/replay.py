"""A page asked for again by the same signed-in browser, answered from memory while nothing it
shows has changed: a reload, the back button, a second tab, a learner going back and forth
between a lesson and its module.

The application made the page for this very request: the same session (the whole Cookie
header), address, host and languages, gzip accepted. It offered it (lms.core.page_cache) with the
account's stamp as it read it first thing in that request. The page is answered again while
one primary-key query finds the same stamp: the records version, which database triggers raise
on any change to the person's records or their cohorts (migration 0008), the session version
(logout, a new password), the role, the languages and zones, and an active account. And for at
most REPLAY_SECONDS: the passing of time alone may change a page (a module opens on its date).

That query is all such an answer costs: it is made before Flask's per-request work (the session,
the user, the hooks, the template, the compression). Anything else, or anything unusual, goes
through the application as usual. Kept per process, within REPLAY_BYTES.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import Select
from werkzeug.http import parse_etags

from lms.core.deflated import PiecedPage
from lms.core.direct_reads import DirectReads

OFFER = "lms.replay.offer"  # the environ key under which the application offers its page
_NOT_REPEATED = ("content-length", "content-encoding", "set-cookie")


@dataclass
class Offer:
    """A page the application made, as the page cache keeps it (deflated in pieces), with the
    values this request put in its holes, and `holes` where each answer puts a new one-time
    token instead."""

    user_id: int
    stamp: tuple
    page: PiecedPage
    values: dict[str, str]
    holes: tuple[str, ...] = ()
    new_token: Callable[[], str] | None = None


@dataclass
class _Entry:
    offer: Offer
    status: str
    headers: list[tuple[str, str]]
    etag: str | None
    expires: float
    size: int
    whole: bytes | None = None  # the gzip body when there are no holes


def _now() -> float:
    return time.monotonic()


class ReplayCache:
    """WSGI middleware around the Flask application."""

    def __init__(
        self,
        app: Callable,
        reads: DirectReads,
        stamp_query: Select,
        seconds: float,
        max_bytes: int,
    ) -> None:
        self.app = app
        self._seconds = seconds
        self._max_bytes = max_bytes
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()
        self._reads = reads
        self._stamp_query = stamp_query

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = _key(environ) if self._seconds > 0 else None
        if key is None:
            return self.app(environ, start_response)
        environ[OFFER] = None  # a page may be offered: the application makes none otherwise
        entry = self._get(key)
        if entry is not None:
            if self._stamp(entry.offer.user_id) == entry.offer.stamp:
                return self._answer(entry, environ, start_response)
            with self._lock:  # out of date: not read again for every request until it expires
                self._drop(key)
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        offer = environ.get(OFFER)
        if offer is not None and captured and captured[0].startswith("200 "):
            self._keep(key, offer, captured[0], captured[1])
        return body

    def _stamp(self, user_id: int) -> tuple | None:
        """The stamp now; None for no such active account, or when it cannot be read."""
        try:
            return self._reads.first(self._stamp_query, user_id=user_id)
        except Exception:  # the application answers instead, and reports what is wrong
            return None

    def _get(self, key: tuple) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires < _now():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def _keep(self, key: tuple, offer: Offer, status: str, headers: list) -> None:
        names = {name.lower() for name, _value in headers}
        if "set-cookie" in names or (offer.holes and offer.new_token is None):
            return
        etag = None if offer.holes else dict(headers).get("ETag")
        kept = [(name, value) for name, value in headers if name.lower() not in _NOT_REPEATED]
        # The page is the page cache's, kept alive by this entry too: counted high, as the
        # text and its deflated pieces over again.
        size = offer.page.text_bytes * 4
        entry = _Entry(offer, status, kept, etag, _now() + self._seconds, size)
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self._max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

    def _answer(self, entry: _Entry, environ: dict, start_response: Callable) -> list[bytes]:
        if entry.etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(
            entry.etag.removeprefix("W/").strip('"')
        ):
            start_response("304 Not Modified", entry.headers)
            return []
        body = _gzip(entry)
        headers = [*entry.headers, ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        start_response(entry.status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def _key(environ: dict) -> tuple | None:
    """What the page depends on in the request, or None when it is not for memory at all."""
    if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or "HTTP_COOKIE" not in environ:
        return None
    if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
        return None
    return (
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("HTTP_HOST", ""),
        environ["wsgi.url_scheme"],
        environ["HTTP_COOKIE"],
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    )


def _gzip(entry: _Entry) -> bytes:
    """The gzip body: the page as deflated when it was kept, only new tokens put in anew."""
    offer = entry.offer
    if not offer.holes:
        if entry.whole is None:
            entry.whole = offer.page.gzip(offer.values)
        return entry.whole
    assert offer.new_token is not None
    return offer.page.gzip({**offer.values, **{hole: offer.new_token() for hole in offer.holes}})
