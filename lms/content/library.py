"""The resource library: content/resources.yaml."""

from __future__ import annotations

from pathlib import Path

from lms.content.model import Library, Resource
from lms.content.reading import ID_PATTERN, Report, expect_map, read_yaml, text_field
from lms.content.yamlio import LineList, LineMap
from lms.languages import LANGUAGES

RESOURCE_KEYS = {"id", "name", "year", "category", "users", "description"}


def load_library(path: Path, report: Report) -> Library | None:
    """The library, or None when the content has no resources.yaml."""
    if not path.exists():
        return None
    data = expect_map(read_yaml(path, report), path, 1, "resources.yaml", report)
    if data is None:
        return None
    languages = data.get("languages")
    if not isinstance(languages, LineList) or not languages:
        report.add(path, data.line_of("languages"), "languages must list language codes")
        return None
    for index, code in enumerate(languages):
        if code not in LANGUAGES:
            report.add(path, languages.line_of(index), f"unknown language code {code!r}")
    categories = _load_categories(data, languages, path, report)
    raw = data.get("resources")
    if not isinstance(raw, LineList) or not raw:
        report.add(path, data.line_of("resources"), "resources must be a non-empty list")
        return None
    resources: list[Resource] = []
    for index, item in enumerate(raw):
        resource = _load_resource(item, raw.line_of(index), languages, categories, path, report)
        if resource is None:
            continue
        if any(other.id == resource.id for other in resources):
            report.add(path, raw.line_of(index), f"duplicate id {resource.id!r}")
        resources.append(resource)
    return Library(tuple(languages), categories, tuple(resources))


def _translations(
    entry: LineMap, key: str, languages: list[str], path: Path, report: Report, where: str
) -> dict[str, str]:
    texts = expect_map(entry.get(key), path, entry.line_of(key), f"{where}{key}", report)
    if texts is None:
        return {}
    found = {}
    for code in languages:
        text = text_field(texts, code, path, report, f"{where}{key} in ")
        if text:
            found[code] = text
    return found


def _load_categories(
    data: LineMap, languages: list[str], path: Path, report: Report
) -> dict[str, dict[str, str]]:
    raw = expect_map(data.get("categories"), path, data.line_of("categories"), "categories", report)
    if raw is None:
        return {}
    categories = {}
    for category_id in raw:
        names = expect_map(raw[category_id], path, raw.line_of(category_id), "a category", report)
        if names is None:
            continue
        found = {}
        for code in languages:
            name = text_field(names, code, path, report, f"category {category_id!r}: name in ")
            if name:
                found[code] = name
        categories[category_id] = found
    return categories


def _load_resource(
    item: object,
    line: int,
    languages: list[str],
    categories: dict[str, dict[str, str]],
    path: Path,
    report: Report,
) -> Resource | None:
    entry = expect_map(item, path, line, "a resource", report)
    if entry is None:
        return None
    before = len(report.problems)
    resource_id = entry.get("id")
    if not isinstance(resource_id, str) or not ID_PATTERN.match(resource_id):
        report.add(
            path, entry.line_of("id"), "resource id must be lowercase words joined by hyphens"
        )
    where = f"resource {resource_id!r}: "
    for key in entry:
        if key not in RESOURCE_KEYS:
            report.add(path, entry.line_of(key), f"{where}unknown key {key!r}")
    name = text_field(entry, "name", path, report, where)
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2100):
        report.add(path, entry.line_of("year"), f"{where}year must be a year such as 2019")
    category = entry.get("category")
    if category not in categories:
        report.add(path, entry.line_of("category"), f"{where}unknown category {category!r}")
    users = _translations(entry, "users", languages, path, report, where)
    description = _translations(entry, "description", languages, path, report, where)
    if len(report.problems) > before or name is None:
        return None
    return Resource(str(resource_id), name, year, str(category), users, description)
