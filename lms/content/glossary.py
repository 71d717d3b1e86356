"""A module's glossary in one language: <lang>/glossary.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from lms.content.model import GlossaryTerm
from lms.content.reading import ID_PATTERN, Report, expect_map, read_yaml, text_field
from lms.content.yamlio import LineList


def load_glossary(path: Path, report: Report) -> dict[str, GlossaryTerm]:
    data = expect_map(read_yaml(path, report), path, 1, "glossary.yaml", report)
    if data is None:
        return {}
    raw = expect_map(data.get("terms"), path, data.line_of("terms"), "terms", report)
    if raw is None:
        return {}
    terms: dict[str, GlossaryTerm] = {}
    for term_id in raw:
        line = raw.line_of(term_id)
        if not isinstance(term_id, str) or not ID_PATTERN.match(term_id):
            report.add(path, line, f"{term_id!r} is not an id (lowercase words joined by hyphens)")
            continue
        entry = expect_map(raw[term_id], path, line, f"term {term_id!r}", report)
        if entry is None:
            continue
        where = f"term {term_id!r}: "
        for key in entry:
            if key not in ("term", "aliases", "definition"):
                report.add(path, entry.line_of(key), f"{where}unknown key {key!r}")
        term = text_field(entry, "term", path, report, where)
        definition = text_field(entry, "definition", path, report, where)
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, LineList) and aliases != []:
            report.add(path, entry.line_of("aliases"), f"{where}aliases must be a list")
            aliases = []
        if any(not isinstance(alias, str) or not alias.strip() for alias in aliases):
            report.add(path, entry.line_of("aliases"), f"{where}an alias is empty")
            aliases = []
        if term and definition:
            terms[term_id] = GlossaryTerm(
                term_id, term, tuple(a.strip() for a in aliases), definition, line
            )
    return terms


# Languages whose words take their endings attached (Korean particles: 협동조합은, 협동조합을): a
# term is found at the start of a word, whatever follows it.
ATTACHED_ENDINGS = {"ko"}


def terms_in(
    text: str, glossary: dict[str, GlossaryTerm], language: str = ""
) -> list[GlossaryTerm]:
    """The glossary terms a text uses (the term or one of its aliases, whole words, any case).

    Longer forms are matched first and a shorter one inside them does not count: "social and
    solidarity economy" does not also make the text use "solidarity economy".
    """
    end = "" if language in ATTACHED_ENDINGS else r"(?!\w)"
    lowered = text.casefold()
    forms = sorted(
        (
            (form.casefold(), entry)
            for entry in glossary.values()
            for form in (_base_form(entry.term), *entry.aliases)
            if form
        ),
        key=lambda pair: -len(pair[0]),
    )
    taken = bytearray(len(lowered))
    found: dict[str, GlossaryTerm] = {}
    for form, entry in forms:
        for match in re.finditer(rf"(?<!\w){re.escape(form)}{end}", lowered):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found[entry.id] = entry
    return sorted(found.values(), key=lambda entry: entry.term.casefold())


def _base_form(term: str) -> str:
    """The term without a trailing parenthesis: "decent work (DW)" is found as "decent work"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", term).strip()
