"""Choosing what the library and the about page show, free of HTTP."""

from __future__ import annotations

from lms.content.model import Library, Page, Resource
from lms.languages import DEFAULT_LANGUAGE


def text_language(available: tuple[str, ...] | list[str], wanted: str) -> str:
    """The reader's language when the texts exist in it, else English, else the first one."""
    if wanted in available:
        return wanted
    return DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in available else available[0]


def page_for_reader(pages: dict[str, Page], wanted: str) -> Page | None:
    """A page kept in one file per language (about, privacy notice), in the reader's language."""
    if not pages:
        return None
    return pages[text_language(sorted(pages), wanted)]


def resources_in(library: Library, category: str | None) -> list[Resource]:
    """The resources of one category (all when None), newest first, then by name."""
    chosen = [r for r in library.resources if category is None or r.category == category]
    return sorted(chosen, key=lambda resource: (-(resource.year or 0), resource.name.casefold()))


def counts_by_category(library: Library) -> dict[str, int]:
    counts = dict.fromkeys(library.categories, 0)
    for resource in library.resources:
        counts[resource.category] += 1
    return counts
