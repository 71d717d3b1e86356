"""Which language and time zone a request is served in, and how values sit in its sentences:
isolated from the text around them, lists joined and countries named as the language does."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_interval
from babel.lists import format_list
from flask import request
from flask_babel import format_number, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from lms.languages import DEFAULT_LANGUAGE, LANGUAGES, direction
from lms.timezones import suggested_zone

# Interface languages, each with a complete catalogue under lms/translations/, in the order of
# LANGUAGES (by their own names): the switcher, the account form and every list show them so.
INTERFACE_LANGUAGES = tuple(
    code for code in LANGUAGES if code in {"ar", "en", "es", "fr", "ko", "pt", "ru", "sw"}
)
LANGUAGE_COOKIE = "lang"


def terminal_language() -> str:
    """The language of a person at a terminal, from LC_ALL / LANG (such as es_CO.UTF-8), else
    English: the `lms` commands print in it."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    code = value.split(".")[0].split("_")[0].lower()
    return code if code in INTERFACE_LANGUAGES else DEFAULT_LANGUAGE


def in_language_order(codes: Iterable[str]) -> list[str]:
    """Language codes in the one order of LANGUAGES (by their own names); unknown ones last."""
    order = {code: index for index, code in enumerate(LANGUAGES)}
    return sorted(codes, key=lambda code: order.get(code, len(order)))


# Made once: Flask-Babel takes a Locale as it is, where it parses a code anew on every request.
_LOCALES = {code: Locale.parse(code) for code in INTERFACE_LANGUAGES}


def select_locale() -> Locale:
    """The account's choice, then the cookie set before login, then the browser, then English."""
    user = current_user._get_current_object()
    if user.is_authenticated and user.locale in INTERFACE_LANGUAGES:
        return _LOCALES[user.locale]
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in INTERFACE_LANGUAGES:
        return _LOCALES[cookie]
    return _LOCALES[_browser_language(request.headers.get("Accept-Language", ""))]


@lru_cache(maxsize=256)
def _browser_language(accept_language: str) -> str:
    """The interface language a browser's Accept-Language header asks for first, else English:
    browsers send a few headers, again and again, each parsed once."""
    accepted = parse_accept_header(accept_language, LanguageAccept)
    return accepted.best_match(INTERFACE_LANGUAGES) or DEFAULT_LANGUAGE


def select_timezone() -> str | None:
    """The zone the person chose, else the one their account form suggests."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return None
    return user.timezone or suggested_zone(user.cohort_zone, current_language(), user.country)


def current_language() -> str:
    """The interface language's code: a Locale of select_locale's, which has no territory."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def accepted_languages() -> list[str]:
    """The browser's languages, best first, reduced to their primary code ("es-CO" -> "es")."""
    return list(_primary_codes(request.headers.get("Accept-Language", "")))


@lru_cache(maxsize=256)
def _primary_codes(accept_language: str) -> tuple[str, ...]:
    codes: list[str] = []
    for value, _quality in parse_accept_header(accept_language, LanguageAccept):
        code = value.split("-")[0].split("_")[0].lower()
        if code not in codes and code != "*":
            codes.append(code)
    return tuple(codes)


def page_direction() -> str:
    return direction(current_language())


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case and accents ("Économie" sorts with "economy")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def isolate(value: object, direction: str | None = None) -> Markup:
    """`value`, escaped, in a <bdi>: an email, a name, a code or a number keeps its own direction
    inside a sentence of the other direction ("-0.35" stays so in Arabic with direction="ltr")."""
    if direction:
        return Markup('<bdi dir="%s">%s</bdi>') % (direction, value)
    return Markup("<bdi>%s</bdi>") % (value,)


def isolated(message: str, **values: object) -> Markup:
    """A translated message, not yet formatted, with each value isolated: for flash messages,
    where the template cannot do it. `isolated(_("%(email)s is enrolled."), email=email)`."""
    return escape(message) % {name: isolate(value) for name, value in values.items()}


_ITEM = re.compile(r"\x00(\d+)\x00")  # stands for an item while Babel joins the list


def list_format(items: Iterable[object], language: str | None = None) -> Markup:
    """Items joined as the language joins a list ("a, b and c", "a وb وc"), each escaped (or
    kept, when it is markup already), in the page's language unless another is given."""
    values = [escape(item) for item in items]
    tokens = [f"\x00{index}\x00" for index in range(len(values))]
    joined = format_list(tokens, locale=language or current_language())
    parts = _ITEM.split(joined)  # text, index, text, index, …, text
    return Markup("").join(
        values[int(part)] if position % 2 else escape(part) for position, part in enumerate(parts)
    )


def country_name(code: str | None, language: str | None = None) -> str:
    """The country of a two-letter code in the reader's language ("CO" -> "Colombie" in French);
    the code itself when Babel does not know it."""
    if not code:
        return ""
    locale = Locale.parse(language) if language else get_locale()
    return locale.territories.get(code.upper(), code) if locale else code


def lazy_number(value: float) -> LazyString:
    """`value` formatted for the reader's language ("20,000", "20 000") when the text that holds
    it is shown: for numbers in module-level messages."""
    return LazyString(format_number, value)


# Babel's skeletons for a range of dates, by the width dateformat would use for each date.
RANGE_SKELETONS = {"short": "yMd", "medium": "yMMMd", "long": "yMMMMd"}


def date_range(start: date, end: date, width: str = "medium") -> str:
    """Two dates as the reader's language writes a range ("14–20 Aug 2023", "2023년 8월
    14일~9월 8일"): one text, not two dates around a dash."""
    return format_interval(start, end, RANGE_SKELETONS[width], locale=get_locale())


def plural_count(value: float) -> int:
    """The whole number that chooses a plural form for `value` (points may be fractions, and
    gettext takes whole numbers): a fraction counts as the whole number above it."""
    whole = int(value)
    return whole if whole == value else whole + 1
