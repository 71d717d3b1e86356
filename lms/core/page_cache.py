"""Rendered pages kept per process, with holes for what changes on every request.

A learner's page depends on few things: the content (immutable once loaded), the interface
language, the reader's role and time zone, and a little state that the view names in its key (a
lesson done or not, a module's progress). Such a page is rendered once per key; later requests fill
its holes — the CSRF token, the address to come back to after a language change, one-time form
tokens — and skip the template altogether, and its compression too: the page is kept deflated
in pieces between its holes (lms.core.deflated). A page with flashed messages is always rendered.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from pathlib import Path
from threading import Lock

from flask import Response, current_app, make_response, render_template, request, session
from flask_login import current_user
from markupsafe import escape
from werkzeug.http import parse_accept_header

from lms.core.deflated import PiecedPage
from lms.core.form_tokens import form_token
from lms.core.replay import OFFER, Offer
from lms.i18n import current_language, select_timezone

MAX_PAGES = 4096  # per process; a page is some 11 KB of text and 4 KB deflated: 64 MB at most
PATH_HOLE = "\ue000path\ue000"  # private-use characters never found in real text
CSRF_HOLE = "\ue000csrf\ue000"


def token_hole(index: int) -> str:
    return f"\ue000token{index}\ue000"


class PageCache:
    def __init__(self, size: int = MAX_PAGES) -> None:
        self._pages: OrderedDict[Hashable, PiecedPage] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: Hashable) -> PiecedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: PiecedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def render_page(
    template: str,
    key: Hashable | None,
    tokens: Sequence[str] = (),
    new_token: Callable[[], str] | None = None,
    build: Callable[[], dict] | None = None,
    **context,
) -> Response:
    """Render `template`, or serve it from the cache when `key` names everything the page shows
    beyond the content, the language and the reader (None: always render). `tokens` are values
    unique to this request (such as a one-time form token) rendered into the page, `new_token`
    what makes another (the page may then be answered again from memory, lms.core.replay, with
    new ones). `build`, if given, returns more of the template's context: it is called only
    when the page is rendered.

    The page carries a validator made of the same inputs, so a browser that has it already gets
    "304 Not Modified" and no body. Its form tokens stay valid: they are tied to the session,
    which the validator includes, and do not expire.
    """
    if build is not None:
        context = {**context, "build": build}
    if key is None or "_flashes" in session:
        return _private(make_response(_render(template, context)))
    reader = current_user._get_current_object()
    full_key = (template, key, *reader_key(reader), request.script_root)
    csrf = form_token()  # the session's token secret, which the validator includes, exists from now
    response = _private(Response(mimetype="text/html"))
    environ = request.environ
    if not tokens:  # a one-time token must be new on every visit
        # Weak: the same page compressed or not; Flask-Compress rewrites strong validators.
        response.set_etag(_validator(full_key), weak=True)
        # Only a request that sends a validator can change the answer (the page has no date).
        conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MATCH" in environ
        if conditional and response.make_conditional(request).status_code == 304:
            return response
    cached = _cached(template, full_key, tokens, context)
    values = {CSRF_HOLE: csrf, PATH_HOLE: str(escape(request.full_path.rstrip("?")))}
    if OFFER in environ and reader.is_authenticated:  # offered with its token holes, filled anew
        holes = tuple(token_hole(index) for index in range(len(tokens)))
        environ[OFFER] = Offer(reader.id, reader.stamp, cached, dict(values), holes, new_token)
    values.update((token_hole(index), token) for index, token in enumerate(tokens))
    if accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
        # Put together from the pieces deflated when the page was kept: Flask-Compress, which
        # would compress the whole page again, leaves a response with an encoding alone.
        response.set_data(cached.gzip(values))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(cached.text(values))
    return response


def _cached(template: str, full_key: tuple, tokens: Sequence[str], context: dict) -> PiecedPage:
    """The page from the cache, rendered first if missing, with holes for what changes on every
    request."""
    cache: PageCache = current_app.extensions["lms.pages"]
    cached = cache.get(full_key)
    if cached is None:
        page = _render(template, {**context, "current_path": PATH_HOLE})
        page = page.replace(form_token(), CSRF_HOLE)
        holes = [CSRF_HOLE, PATH_HOLE]
        for index, token in enumerate(tokens):
            page = page.replace(token, token_hole(index))
            holes.append(token_hole(index))
        cached = PiecedPage.of(page, holes, level=9)
        cache.put(full_key, cached)
    return cached


def _render(template: str, context: dict) -> str:
    build = context.pop("build", None)
    return render_template(template, **context, **(build() if build else {}))


def _private(response: Response) -> Response:
    """Pages about a person: browsers revalidate them, shared caches never keep them."""
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _validator(full_key: tuple) -> str:
    extensions = current_app.extensions
    page = _page_digest(extensions["lms.build"], extensions["lms.catalogue"].version, full_key)
    return hashlib.sha256(f"{page}:{session.get('csrf_token', '')}".encode()).hexdigest()[:24]


@lru_cache(maxsize=MAX_PAGES)
def _page_digest(build: str, content_version: str, full_key: tuple) -> str:
    """What a page is made of, as a digest: the same for every reader of the same page (their
    session's secret is added to it), so it is worked out once per page rather than per request."""
    return hashlib.sha256(repr((build, content_version, _canonical(full_key))).encode()).hexdigest()


def _canonical(value: object) -> object:
    """The same text in every process: sets sorted (their order depends on the process)."""
    if isinstance(value, set | frozenset):
        return tuple(sorted(map(repr, value)))
    if isinstance(value, tuple | list):
        return tuple(_canonical(item) for item in value)
    return value


def build_version(package: Path) -> str:
    """A hash of the code, templates and compiled catalogues: pages change with any of them."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".mo"):
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def reader_key(reader) -> tuple:
    """What the layout and the formatting of a page depend on, about the reader (the current
    user, as render_page looked it up)."""
    if not reader.is_authenticated:
        return (current_language(), None, None)
    return (current_language(), reader.role, select_timezone())


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip: browsers send a few headers, again and
    again, each parsed once."""
    return bool(parse_accept_header(accept_encoding)["gzip"])
