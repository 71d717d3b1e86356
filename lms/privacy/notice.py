"""Choosing the privacy notice in the reader's language, as the about page is chosen."""

from __future__ import annotations

from lms.content.model import Page
from lms.languages import DEFAULT_LANGUAGE


def notice_page(pages: dict[str, Page], wanted: str) -> Page | None:
    """The notice in the reader's language, else English, else the first there is."""
    if not pages:
        return None
    if wanted in pages:
        return pages[wanted]
    return pages.get(DEFAULT_LANGUAGE) or pages[sorted(pages)[0]]
