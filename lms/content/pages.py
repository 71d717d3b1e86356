"""Pages of prose outside the modules, such as content/about/<lang>.md."""

from __future__ import annotations

from pathlib import Path

from lms.content.model import Page
from lms.content.reading import Report, read_markdown, text_field
from lms.languages import LANGUAGES


def load_pages(folder: Path, report: Report) -> dict[str, Page]:
    """One page per language file in `folder` (none when the folder does not exist)."""
    pages: dict[str, Page] = {}
    if not folder.is_dir():
        return pages
    for path in sorted(folder.glob("*.md")):
        if path.stem not in LANGUAGES:
            report.add(path, 1, f"the file name is not a language code: {path.stem!r}")
            continue
        document = read_markdown(path, report, ("title",))
        if document is None:
            continue
        title = text_field(document.front, "title", path, report)
        if title and document.body:
            pages[path.stem] = Page(path.stem, title, document.body)
    return pages
