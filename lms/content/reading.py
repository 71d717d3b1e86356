"""Reading content files: every problem is collected with its file and line, never raised alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lms.content.model import Problem
from lms.content.yamlio import LineMap, YamlError, parse_yaml

UNREADABLE = object()
# Stable ids of modules, lessons, questions, options, terms and resources.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Report:
    """The problems found so far, each with its file and line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message))


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it, as people run `lms content check`."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def read_yaml(path: Path, report: Report) -> object:
    """The parsed file, or UNREADABLE once the reason is reported."""
    if not path.is_file():
        report.add(path, 1, "file is missing")
        return UNREADABLE
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        report.add(path, 1, "file is not valid UTF-8")
    except YamlError as error:
        report.add(path, error.line, error.message)
    return UNREADABLE


def expect_map(data: object, path: Path, line: int, what: str, report: Report) -> LineMap | None:
    if isinstance(data, LineMap):
        return data
    if data is UNREADABLE:
        return None
    report.add(path, line, f"{what} must be a mapping")
    return None


def text_field(
    mapping: LineMap, key: str, path: Path, report: Report, where: str = ""
) -> str | None:
    value = mapping.get(key)
    label = f"{where}{key}"
    if value is None or (isinstance(value, str) and not value.strip()):
        report.add(path, mapping.line_of(key), f"{label} is empty or missing")
        return None
    if not isinstance(value, str):
        report.add(path, mapping.line_of(key), f"{label} must be text")
        return None
    return value.strip()


def whole_number(mapping: LineMap, key: str, path: Path, report: Report, minimum: int) -> int:
    value = mapping.get(key)
    if not isinstance(value, int) or value < minimum:
        report.add(
            path, mapping.line_of(key), f"{key} must be a whole number of at least {minimum}"
        )
        return minimum
    return value


@dataclass(frozen=True)
class MarkdownFile:
    front: LineMap
    body: str
    body_line: int  # the line of the file where the body starts


def read_markdown(path: Path, report: Report, keys: tuple[str, ...]) -> MarkdownFile | None:
    """A Markdown file with YAML front matter between two '---' lines, allowing only `keys`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        report.add(path, 1, "file is not valid UTF-8")
        return None
    if not lines or lines[0].strip() != "---":
        report.add(path, 1, "the file starts with front matter between two '---' lines")
        return None
    end = next((index for index in range(1, len(lines)) if lines[index].strip() == "---"), None)
    if end is None:
        report.add(path, 1, "front matter is not closed by a '---' line")
        return None
    try:
        front = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlError as error:
        report.add(path, error.line, f"front matter: {error.message}")
        return None
    front = expect_map(front, path, 2, "front matter", report)
    if front is None:
        return None
    for key in front:
        if key not in keys:
            report.add(path, front.line_of(key), f"unknown front matter key {key!r}")
    body_line = end + 2
    while body_line <= len(lines) and not lines[body_line - 1].strip():
        body_line += 1
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        report.add(path, end + 2, "the body is empty")
    return MarkdownFile(front, body, body_line)
