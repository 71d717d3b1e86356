"""Rendered pages kept per process, with holes for what changes on every request.

A learner's page depends on few things: the content (immutable once loaded), the interface
language, the reader's role and time zone, and a little state that the view names in its key (a
lesson done or not, a module's progress). Such a page is rendered once per key; later requests fill
its holes — the CSRF token, the address to come back to after a language change, one-time form
tokens — and skip the template altogether. A page with flashed messages is always rendered.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from threading import Lock

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from lms.i18n import current_language

MAX_PAGES = 4096  # per process; a page is some 10 KB, so at most about 40 MB
PATH_HOLE = "\ue000path\ue000"  # private-use characters never found in real text
CSRF_HOLE = "\ue000csrf\ue000"


def token_hole(index: int) -> str:
    return f"\ue000token{index}\ue000"


class PageCache:
    def __init__(self, size: int = MAX_PAGES) -> None:
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def render_page(template: str, key: Hashable | None, tokens: Sequence[str] = (), **context) -> str:
    """Render `template`, or serve it from the cache when `key` names everything the page shows
    beyond the content, the language and the reader (None: always render). `tokens` are values
    unique to this request (such as a one-time form token) rendered into the page."""
    if key is None or "_flashes" in session:
        return render_template(template, **context)
    cache: PageCache = current_app.extensions["lms.pages"]
    full_key = (template, key, *reader_key(), request.script_root)
    page = cache.get(full_key)
    if page is None:
        page = render_template(template, current_path=PATH_HOLE, **context)
        page = page.replace(generate_csrf(), CSRF_HOLE)
        for index, token in enumerate(tokens):
            page = page.replace(token, token_hole(index))
        cache.put(full_key, page)
    page = page.replace(CSRF_HOLE, generate_csrf())
    page = page.replace(PATH_HOLE, str(escape(request.full_path.rstrip("?"))))
    for index, token in enumerate(tokens):
        page = page.replace(token_hole(index), token)
    return page


def reader_key() -> tuple:
    """What the layout and the formatting of a page depend on, about the reader."""
    if not current_user.is_authenticated:
        return (current_language(), None, None)
    return (current_language(), current_user.role, current_user.timezone)
