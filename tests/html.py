"""Reading rendered pages in tests: headings and the boxes that scroll."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise


def heading_levels(page: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", page)]


def skipped_heading_levels(page: str) -> list[tuple[int, int]]:
    """Each (heading level, next level) where the next goes down more than one level (h1 -> h3)."""
    levels = heading_levels(page)
    return [(a, b) for a, b in pairwise(levels) if b > a + 1]


class _Boxes(HTMLParser):
    """Tables and the boxes that scroll sideways (class "scroll", and the CSV sample)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict]] = []
        self.loose_tables = 0
        self.boxes: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        # A table cannot be narrower than its content: a visually hidden one sits in a hidden box.
        if tag == "table" and not any(
            {"scroll", "sr-only"} & set(a.get("class", "").split()) for _t, a in self.open
        ):
            self.loose_tables += 1
        if "scroll" in classes or "sample" in classes:
            self.boxes.append(attributes)
        if tag not in VOID:
            self.open.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass


VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}


def tables_outside_scroll_boxes(page: str) -> int:
    """How many tables could widen the page: those in no box that scrolls or hides them."""
    parser = _Boxes()
    parser.feed(page)
    return parser.loose_tables


def scroll_boxes(page: str) -> list[dict]:
    parser = _Boxes()
    parser.feed(page)
    return parser.boxes


def unreachable_scroll_boxes(page: str) -> list[dict]:
    """Scrolling boxes a keyboard cannot reach or a screen reader cannot name (axe's
    scrollable-region-focusable): each needs tabindex="0", a role and an accessible name."""
    return [
        box
        for box in scroll_boxes(page)
        if box.get("tabindex") != "0"
        or box.get("role") != "region"
        or not (box.get("aria-label") or box.get("aria-labelledby"))
    ]
