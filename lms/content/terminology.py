"""The terminology sheet, content/terminology.yaml: one term per concept per language.

Translators fill their language's slot before translating a module and then use that term
throughout. A language in which any module is available must have every slot filled.
"""

from __future__ import annotations

from pathlib import Path

from lms.content.model import Term
from lms.content.reading import ID_PATTERN, Report, expect_map, read_yaml
from lms.languages import DEFAULT_LANGUAGE, LANGUAGES

NOTE = "note"


def load_terminology(path: Path, report: Report, languages_in_use: set[str]) -> tuple[Term, ...]:
    """The terms, or none when the content has no terminology.yaml."""
    if not path.exists():
        return ()
    data = expect_map(read_yaml(path, report), path, 1, "terminology.yaml", report)
    if data is None:
        return ()
    for key in data:
        if key != "terms":
            report.add(path, data.line_of(key), f"unknown key {key!r}")
    raw = expect_map(data.get("terms"), path, data.line_of("terms"), "terms", report)
    if raw is None:
        return ()
    terms = []
    for term_id in raw:
        line = raw.line_of(term_id)
        if not isinstance(term_id, str) or not ID_PATTERN.match(term_id):
            report.add(path, line, f"{term_id!r} is not an id (lowercase words joined by hyphens)")
            continue
        entry = expect_map(raw[term_id], path, line, f"term {term_id!r}", report)
        if entry is None:
            continue
        term = _load_term(term_id, line, entry, path, report, languages_in_use)
        if term is not None:
            terms.append(term)
    return tuple(terms)


def _load_term(
    term_id: str, line: int, entry, path: Path, report: Report, languages_in_use: set[str]
) -> Term:
    where = f"term {term_id!r}: "
    forms: dict[str, str] = {}
    for key in entry:
        if key != NOTE and key not in LANGUAGES:
            report.add(path, entry.line_of(key), f"{where}unknown key {key!r}")
    note = entry.get(NOTE, "")
    if not isinstance(note, str):
        report.add(path, entry.line_of(NOTE), f"{where}note must be text")
        note = ""
    for code in LANGUAGES:
        if code not in entry:
            report.add(path, line, f'{where}no slot for {code!r} (leave it "" until filled)')
            continue
        value = entry[code]
        if value is None:
            value = ""
        if not isinstance(value, str):
            report.add(path, entry.line_of(code), f"{where}{code} must be text")
            continue
        if value.strip():
            forms[code] = value.strip()
        elif code == DEFAULT_LANGUAGE or code in languages_in_use:
            report.add(
                path,
                entry.line_of(code),
                f"{where}no {code!r} term, although a module is available in {code!r}",
            )
    return Term(term_id, note.strip(), forms)
