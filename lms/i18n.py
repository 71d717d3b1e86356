"""Which language and time zone a request is served in."""

from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from lms.languages import DEFAULT_LANGUAGE, direction

# Interface languages, each with a complete catalogue under lms/translations/.
INTERFACE_LANGUAGES = ("ar", "en", "fr", "ko", "pt", "ru", "es", "sw")
LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The account's choice, then the cookie set before login, then the browser, then English."""
    if current_user.is_authenticated and current_user.locale in INTERFACE_LANGUAGES:
        return current_user.locale
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in INTERFACE_LANGUAGES:
        return cookie
    return request.accept_languages.best_match(INTERFACE_LANGUAGES) or DEFAULT_LANGUAGE


def select_timezone() -> str | None:
    if current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def accepted_languages() -> list[str]:
    """The browser's languages, best first, reduced to their primary code ("es-CO" -> "es")."""
    codes: list[str] = []
    for value, _quality in request.accept_languages:
        code = value.split("-")[0].split("_")[0].lower()
        if code not in codes and code != "*":
            codes.append(code)
    return codes


def page_direction() -> str:
    return direction(current_language())


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case and accents ("Économie" sorts with "economy")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
