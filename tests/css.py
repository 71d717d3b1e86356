"""The cascade of our stylesheet, small enough to check in tests: which declaration wins for an
element on a phone (rules inside @media blocks, all for wider screens, are left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lms.config import PROJECT_ROOT

STYLESHEET = PROJECT_ROOT / "lms" / "static" / "style.css"
# Shorthands whose value also sets the longhand asked for.
SHORTHANDS = {"border-color": ("border",), "list-style-position": ("list-style",)}


@dataclass(frozen=True)
class Element:
    """An element as a selector sees it: its tag and classes."""

    tag: str
    classes: frozenset[str] = frozenset()


def element(description: str) -> Element:
    """ "fieldset.question.has-error" -> Element("fieldset", {"question", "has-error"})."""
    tag, *classes = description.split(".")
    return Element(tag, frozenset(classes))


@cache
def rules() -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", text)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _colon, value in (d.partition(":") for d in body.split(";") if ":" in d)
        )
        for selector in selectors.split(","):
            found.append((selector.strip(), declarations))
    return found


def _compound_matches(compound: str, target: Element) -> bool:
    tag, *classes = re.sub(r"\[[^\]]*\]|:[\w-]+(\([^)]*\))?", "", compound).split(".")
    if compound != re.sub(r"\[[^\]]*\]|:[\w-]+(\([^)]*\))?", "", compound):
        return False  # a state (:hover) or attribute the element is not described with
    return tag in ("", "*", target.tag) and set(classes) <= target.classes


def matches(selector: str, path: list[Element]) -> bool:
    """Whether `selector` (descendant combinators only) matches the last element of `path`."""
    *ancestors, last = selector.split()
    if not _compound_matches(last, path[-1]):
        return False
    remaining = path[:-1]
    for compound in reversed(ancestors):
        while remaining and not _compound_matches(compound, remaining[-1]):
            remaining = remaining[:-1]
        if not remaining:
            return False
        remaining = remaining[:-1]
    return True


def specificity(selector: str) -> tuple[int, int, int]:
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+", selector))
    tags = len([c for c in selector.split() if re.match(r"[a-z]", c)])
    return (selector.count("#"), classes, tags)


def computed(path: str, prop: str) -> str | None:
    """The winning value of `prop` for the last element of `path` ("form.quiz fieldset")."""
    elements = [element(part) for part in path.split()]
    winner: tuple[tuple[int, int, int], int, str] | None = None
    for order, (selector, declarations) in enumerate(rules()):
        for name in (prop, *SHORTHANDS.get(prop, ())):
            if name in declarations and matches(selector, elements):
                candidate = (specificity(selector), order, declarations[name])
                if winner is None or candidate[:2] >= winner[:2]:
                    winner = candidate
    return None if winner is None else winner[2]
