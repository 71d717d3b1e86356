"""Markdown to safe HTML. Raw HTML in content is escaped, and the result is sanitised too.

In right-to-left text, every run of Latin script (a name, an acronym, a citation such as "SDG 8"
or "R193 (2002)") is wrapped in <bdi>, so that the bidirectional algorithm keeps its characters in
order and does not attach neighbouring numbers and punctuation to the wrong side.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# No style attributes: the Content-Security-Policy forbids inline styles.
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

_TAG = re.compile(r"(<[^>]*>)")
# A run of Latin script inside right-to-left text: it starts with a Latin letter (not inside an
# entity such as &amp;) and may go on with letters, digits, spaces and the punctuation of names
# and citations, ending on a letter, a digit or a closing parenthesis.
_LATIN_RUN = re.compile(r"(?<![&#\w])[A-Za-zÀ-ɏ](?:[A-Za-zÀ-ɏ0-9 .,/:'’()\-–]*[A-Za-zÀ-ɏ0-9)])?")


@lru_cache(maxsize=1024)
def render_markdown(source: str, direction: str = "ltr") -> Markup:
    """Render once per distinct text and direction: content is immutable after loading."""
    html = _markdown.render(source)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    if direction == "rtl":
        clean = isolate_latin_runs(clean)
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above; <bdi> added around text only


def isolate_latin_runs(html: str) -> str:
    """Wrap the Latin runs of the text between tags in <bdi> (the text is already escaped)."""
    parts = _TAG.split(html)
    inside_code = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if part.startswith(("<code", "<pre")):
                inside_code = True
            elif part.startswith(("</code", "</pre")):
                inside_code = False
        elif part and not inside_code:
            parts[index] = _LATIN_RUN.sub(lambda match: f"<bdi>{match.group()}</bdi>", part)
    return "".join(parts)
