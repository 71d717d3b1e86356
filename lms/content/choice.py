"""Which language to show a module in: the reader's choice, else the nearest available one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from lms.content.model import Module
from lms.languages import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    wanted: str  # the language the reader asked for, explicitly or through the interface
    fallback: bool  # True when the module is not available in `wanted`


def choose_content_language(
    module: Module,
    explicit: str | None,
    interface: str,
    accepted: Iterable[str] = (),
    cohort_languages: Callable[[], Iterable[str]] = tuple,
) -> ContentLanguage:
    """The language to show a module in.

    An explicit choice (`?lang=`) wins, then the interface language. When the module is not
    available in the language wanted, the reader's next browser choices are tried, then the
    default languages of their cohorts (looked up only then), then English, then the first
    language the module is available in.
    """
    if explicit and module.is_available_in(explicit):
        return ContentLanguage(explicit, explicit, fallback=False)
    wanted = explicit if explicit and explicit in module.languages else interface
    if module.is_available_in(wanted):
        return ContentLanguage(wanted, wanted, fallback=False)
    for code in chain(
        accepted, cohort_languages(), (DEFAULT_LANGUAGE,), module.available_languages
    ):
        if module.is_available_in(code):
            return ContentLanguage(code, wanted, fallback=True)
    return ContentLanguage(wanted, wanted, fallback=True)
