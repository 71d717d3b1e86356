"""Reading rendered pages in tests: headings and the boxes that scroll."""

from __future__ import annotations

import re
from itertools import pairwise


def heading_levels(page: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", page)]


def skipped_heading_levels(page: str) -> list[tuple[int, int]]:
    """Each (heading level, next level) where the next goes down more than one level (h1 -> h3)."""
    levels = heading_levels(page)
    return [(a, b) for a, b in pairwise(levels) if b > a + 1]
