"""A file's size as a reader of the page's language writes it: "84 kB", "84 ko", "84 كيلوبايت"."""

from __future__ import annotations

import math

from babel.units import format_unit

from lms.i18n import current_language

KILOBYTE = 1000  # as CLDR's "kB" means it
MEGABYTE = 1000 * KILOBYTE


def file_size(size: int, language: str | None = None) -> str:
    """Under a megabyte in whole kilobytes, rounded up (a small file never shows as 0); from a
    megabyte, in megabytes with one decimal."""
    locale = language or current_language()
    if size < MEGABYTE:
        kilobytes = max(1, math.ceil(size / KILOBYTE))
        return format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale)
    megabytes = round(size / MEGABYTE, 1)
    return format_unit(
        megabytes, "digital-megabyte", length="short", locale=locale, format="#,##0.#"
    )
