"""One module folder: module.yaml, the quiz key, and each available language's texts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lms.content.glossary import load_glossary, terms_in
from lms.content.model import (
    AVAILABLE,
    IN_PREPARATION,
    QUESTION_TYPES,
    LessonText,
    Module,
    ModuleText,
    OptionText,
    QuestionKey,
    QuestionText,
    QuizKey,
)
from lms.content.reading import (
    ID_PATTERN,
    Report,
    display_path,
    expect_map,
    read_markdown,
    read_yaml,
    text_field,
    whole_number,
)
from lms.content.render import render_markdown
from lms.content.yamlio import LineList, LineMap
from lms.languages import DEFAULT_LANGUAGE, LANGUAGES, direction

SCHEMA_VERSION = 2  # the newest module.yaml this code reads; 2 added `renamed:` and `retired:`
MODULE_KEYS = {
    "schema_version",
    "renamed",
    "retired",
    "number",
    "slug",
    "estimated_minutes",
    "pass_mark",
    "max_attempts",
    "languages",
    "lessons",
    "titles",
}
TRUE_FALSE_OPTIONS = ("true", "false")


def load_module(folder: Path, report: Report) -> Module | None:
    path = folder / "module.yaml"
    before = len(report.problems)
    data = expect_map(read_yaml(path, report), path, 1, "module.yaml", report)
    if data is None:
        return None
    for key in data:
        if key not in MODULE_KEYS:
            report.add(path, data.line_of(key), f"unknown key {key!r}")
    version = data.get("schema_version", 1)
    if version not in range(1, SCHEMA_VERSION + 1):
        report.add(
            path,
            data.line_of("schema_version"),
            f"schema_version must be a whole number from 1 to {SCHEMA_VERSION}",
        )
    number = whole_number(data, "number", path, report, 1)
    estimated_minutes = whole_number(data, "estimated_minutes", path, report, 1)
    max_attempts = whole_number(data, "max_attempts", path, report, 1)
    pass_mark = data.get("pass_mark")
    if not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 100:
        report.add(path, data.line_of("pass_mark"), "pass_mark must be a percentage above 0")
        pass_mark = 100
    slug = data.get("slug")
    if not isinstance(slug, str) or not ID_PATTERN.match(slug):
        report.add(path, data.line_of("slug"), "slug must be lowercase words joined by hyphens")
        slug = folder.name
    languages = _load_languages(data, path, report)
    lesson_ids = _load_ids(data, "lessons", path, report)
    listed_at = _item_lines(data.get("lessons"), path)
    titles = _load_titles(data, languages, path, report)
    quiz_key = None
    texts: dict[str, ModuleText] = {}
    available = [code for code, status in languages.items() if status == AVAILABLE]
    if available:
        if not lesson_ids:
            report.add(path, data.line_of("lessons"), "a module with languages lists lessons")
        quiz_key = _load_quiz_key(folder / "quiz.yaml", report)
        for code in available:
            language_line = data["languages"].line_of(code)
            texts[code] = _load_module_text(
                folder / code, code, (path, language_line), listed_at, quiz_key, report
            )
    question_ids = [question.id for question in quiz_key.questions] if quiz_key else []
    renamed = _load_changed_ids(data, "renamed", path, report, lesson_ids, question_ids)
    retired = _load_changed_ids(data, "retired", path, report, lesson_ids, question_ids)
    for kind in ("lessons", "questions"):
        for old_id in set(renamed[kind]) & set(retired[kind]):
            report.add(path, data.line_of("retired"), f"{old_id!r} is both renamed and retired")
    if len(report.problems) == before:  # else a broken entry would be reported twice
        _check_same_glossary_ids(texts, folder, report)
    for child in sorted(folder.iterdir()):
        if child.is_dir() and child.name not in languages:
            known = "a language not listed" if child.name in LANGUAGES else "an unknown language"
            report.add(child, 1, f"folder for {known}: {child.name!r}")
    if len(report.problems) > before:
        return None
    return Module(
        number=number,
        slug=slug,
        estimated_minutes=estimated_minutes,
        pass_mark=float(pass_mark),
        max_attempts=max_attempts,
        languages=languages,
        lesson_ids=tuple(lesson_ids),
        titles=titles,
        quiz_key=quiz_key,
        texts=texts,
        folder=display_path(folder),
        renamed_lessons=dict(renamed["lessons"]),
        renamed_questions=dict(renamed["questions"]),
        retired_lessons=frozenset(retired["lessons"]),
        retired_questions=frozenset(retired["questions"]),
        lessons_line=data.line_of("lessons"),
    )


def _load_changed_ids(
    data: LineMap,
    key: str,
    path: Path,
    report: Report,
    lesson_ids: list[str],
    question_ids: list[str],
) -> dict[str, dict[str, str]]:
    """`renamed:` (old id -> current id) or `retired:` (a list of old ids), per kind of id.

    An old id is no longer current; a renamed id points at a current one. Retired ids map to "".
    """
    changed: dict[str, dict[str, str]] = {"lessons": {}, "questions": {}}
    if key not in data:
        return changed
    if data.get("schema_version", 1) < 2:
        report.add(path, data.line_of(key), f"{key} needs schema_version: 2")
        return changed
    raw = expect_map(data[key], path, data.line_of(key), key, report)
    if raw is None:
        return changed
    current = {"lessons": lesson_ids, "questions": question_ids}
    for kind in raw:
        if kind not in changed:
            report.add(path, raw.line_of(kind), f"{key}: unknown key {kind!r} (lessons, questions)")
            continue
        entries = raw[kind]
        if key == "renamed":
            mapping = expect_map(entries, path, raw.line_of(kind), f"{key}: {kind}", report)
            if mapping is None:
                continue
            pairs = [(old, new, mapping.line_of(old)) for old, new in mapping.items()]
        elif isinstance(entries, LineList):
            pairs = [(old, "", entries.line_of(index)) for index, old in enumerate(entries)]
        else:
            report.add(path, raw.line_of(kind), f"{key}: {kind} must be a list of ids")
            continue
        for old, new, line in pairs:
            if not isinstance(old, str) or not ID_PATTERN.match(old):
                report.add(path, line, f"{old!r} is not an id (lowercase words joined by hyphens)")
            elif old in current[kind]:
                report.add(path, line, f"{old!r} is a current id, so it cannot be {key}")
            elif key == "renamed" and new not in current[kind]:
                report.add(path, line, f"{old!r} is renamed to {new!r}, which is not a current id")
            else:
                changed[kind][old] = new
    return changed


def _item_lines(raw: object, path: Path) -> dict[str, tuple[Path, int]]:
    """Where module.yaml lists each lesson id."""
    if not isinstance(raw, LineList):
        return {}
    return {item: (path, raw.line_of(index)) for index, item in enumerate(raw)}


def _load_languages(data: LineMap, path: Path, report: Report) -> dict[str, str]:
    raw = expect_map(data.get("languages"), path, data.line_of("languages"), "languages", report)
    if raw is None:
        return {}
    languages = {}
    for code, status in raw.items():
        line = raw.line_of(code)
        if code not in LANGUAGES:
            report.add(path, line, f"unknown language code {code!r}")
        elif status not in (AVAILABLE, IN_PREPARATION):
            report.add(path, line, f"language status must be {AVAILABLE} or {IN_PREPARATION}")
        else:
            languages[code] = status
    if not languages:
        report.add(path, raw.line, "a module is published in at least one language")
    return languages


def _load_ids(data: LineMap, key: str, path: Path, report: Report) -> list[str]:
    raw = data.get(key)
    if not isinstance(raw, LineList):
        report.add(path, data.line_of(key), f"{key} must be a list of ids")
        return []
    ids: list[str] = []
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, str) or not ID_PATTERN.match(item):
            report.add(path, line, f"{item!r} is not an id (lowercase words joined by hyphens)")
        elif item in ids:
            report.add(path, line, f"duplicate id {item!r}")
        else:
            ids.append(item)
    return ids


def _load_titles(
    data: LineMap, languages: dict[str, str], path: Path, report: Report
) -> dict[str, str]:
    raw = expect_map(data.get("titles"), path, data.line_of("titles"), "titles", report)
    if raw is None:
        return {}
    titles = {}
    for code in raw:
        if code not in LANGUAGES:
            report.add(path, raw.line_of(code), f"unknown language code {code!r}")
        else:
            title = text_field(raw, code, path, report, "title in ")
            if title:
                titles[code] = title
    for code in languages:
        if code not in raw:
            report.add(path, raw.line, f"no title in {code!r}, a language the module lists")
    if DEFAULT_LANGUAGE not in raw:
        report.add(path, raw.line, f"no title in {DEFAULT_LANGUAGE!r}, the fallback language")
    return titles


def _load_quiz_key(path: Path, report: Report) -> QuizKey | None:
    data = expect_map(read_yaml(path, report), path, 1, "quiz.yaml", report)
    if data is None:
        return None
    raw = data.get("questions")
    if not isinstance(raw, LineList) or not raw:
        report.add(path, data.line_of("questions"), "questions must be a non-empty list")
        return None
    questions: list[QuestionKey] = []
    declared: set[str] = set()
    for index, item in enumerate(raw):
        question_id = item.get("id") if isinstance(item, LineMap) else None
        if isinstance(question_id, str) and question_id in declared:
            report.add(path, raw.line_of(index), f"duplicate question id {question_id!r}")
            continue
        if isinstance(question_id, str):
            declared.add(question_id)
        question = _load_question_key(item, raw.line_of(index), path, report)
        if question is not None:
            questions.append(question)
    return QuizKey(tuple(questions), frozenset(declared))


def _load_question_key(item: object, line: int, path: Path, report: Report) -> QuestionKey | None:
    data = expect_map(item, path, line, "a question", report)
    if data is None:
        return None
    before = len(report.problems)
    question_id = data.get("id")
    if not isinstance(question_id, str) or not ID_PATTERN.match(question_id):
        report.add(
            path, data.line_of("id"), "question id must be lowercase words joined by hyphens"
        )
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        report.add(path, data.line_of("type"), f"question type must be one of {QUESTION_TYPES}")
    points = data.get("points", 1)
    if not isinstance(points, int | float) or points <= 0:
        report.add(path, data.line_of("points"), "points must be a number above 0")
    options = _load_ids(data, "options", path, report)
    correct = _load_ids(data, "correct", path, report)
    label = f"question {question_id!r}"
    for option_id in correct:
        if option_id not in options:
            report.add(path, data.line_of("correct"), f"{label}: {option_id!r} is not an option")
    if len(options) < 2:
        report.add(path, data.line_of("options"), f"{label} needs at least two options")
    if not correct:
        report.add(path, data.line_of("correct"), f"{label} has no correct option")
    if kind in ("single", "true_false") and len(correct) > 1:
        report.add(path, data.line_of("correct"), f"{label} is {kind} but has several correct")
    if kind == "true_false" and tuple(options) != TRUE_FALSE_OPTIONS:
        report.add(
            path, data.line_of("options"), f"{label} is true_false: options are [true, false]"
        )
    if len(report.problems) > before:
        return None
    return QuestionKey(
        str(question_id), str(kind), float(points), tuple(options), frozenset(correct)
    )


def _load_module_text(
    folder: Path,
    code: str,
    language_listed_at: tuple[Path, int],
    listed_at: dict[str, tuple[Path, int]],
    quiz_key: QuizKey | None,
    report: Report,
) -> ModuleText:
    """One language version; `*listed_at` say where module.yaml lists the language and lessons."""
    lessons: dict[str, LessonText] = {}
    lesson_ids = list(listed_at)
    if not folder.is_dir():
        path, line = language_listed_at
        report.add(path, line, f"{code!r} is marked available but {folder.name}/ is missing")
        return ModuleText(code, lessons, {})
    glossary = load_glossary(folder / "glossary.yaml", report)
    for lesson_id in lesson_ids:
        lesson_path = folder / f"{lesson_id}.md"
        if not lesson_path.is_file():
            path, line = listed_at[lesson_id]
            report.add(path, line, f"lesson {lesson_id!r} has no file {code}/{lesson_path.name}")
            continue
        lesson = _load_lesson(lesson_path, lesson_id, report)
        if lesson is not None:
            lessons[lesson_id] = replace(
                lesson,
                html=render_markdown(lesson.body, direction(code)),
                key_terms=tuple(entry.id for entry in terms_in(lesson.body, glossary, code)),
            )
    for path in sorted(folder.glob("*.md")):
        if path.stem not in lesson_ids:
            report.add(path, 1, f"lesson {path.stem!r} is not listed in module.yaml")
    quiz = _load_quiz_text(folder / "quiz.yaml", quiz_key, report) if quiz_key else {}
    return ModuleText(code, lessons, quiz, glossary)


def _load_lesson(path: Path, lesson_id: str, report: Report) -> LessonText | None:
    document = read_markdown(path, report, ("title", "summary"))
    if document is None:
        return None
    title = text_field(document.front, "title", path, report)
    summary = document.front.get("summary") or ""
    if not isinstance(summary, str):
        report.add(path, document.front.line_of("summary"), "summary must be text")
        summary = ""
    if title is None or not document.body:
        return None
    return LessonText(
        lesson_id, title, summary.strip(), document.body, display_path(path), document.body_line
    )


def _load_quiz_text(path: Path, quiz_key: QuizKey, report: Report) -> dict[str, QuestionText]:
    data = expect_map(read_yaml(path, report), path, 1, "quiz.yaml", report)
    if data is None:
        return {}
    raw = expect_map(data.get("questions"), path, data.line_of("questions"), "questions", report)
    if raw is None:
        return {}
    texts: dict[str, QuestionText] = {}
    for question_id in raw:
        if question_id not in quiz_key.declared_ids:
            report.add(
                path, raw.line_of(question_id), f"question {question_id!r} is not in the key"
            )
    for question in quiz_key.questions:
        if question.id not in raw:
            report.add(path, raw.line, f"question {question.id!r} of the key has no text here")
            continue
        text = _load_question_text(raw, question, path, report)
        if text is not None:
            texts[question.id] = text
    return texts


def _load_question_text(
    raw: LineMap, question: QuestionKey, path: Path, report: Report
) -> QuestionText | None:
    label = f"question {question.id!r}: "
    data = expect_map(raw[question.id], path, raw.line_of(question.id), label, report)
    if data is None:
        return None
    prompt = text_field(data, "prompt", path, report, label)
    options_raw = expect_map(data.get("options"), path, data.line_of("options"), label, report)
    if options_raw is None:
        return None
    options: dict[str, OptionText] = {}
    for option_id in options_raw:
        if option_id not in question.options:
            line = options_raw.line_of(option_id)
            report.add(path, line, f"{label}option {option_id!r} is not in the key")
    for option_id in question.options:
        if option_id not in options_raw:
            report.add(path, options_raw.line, f"{label}option {option_id!r} has no text here")
            continue
        where = f"{label}option {option_id!r} "
        option = expect_map(
            options_raw[option_id], path, options_raw.line_of(option_id), where, report
        )
        if option is None:
            continue
        text = text_field(option, "text", path, report, where)
        feedback = text_field(option, "feedback", path, report, where)
        if text and feedback:
            options[option_id] = OptionText(text, feedback, options_raw.line_of(option_id))
    if prompt is None or len(options) != len(question.options):
        return None
    return QuestionText(prompt, options, raw.line_of(question.id))


def _check_same_glossary_ids(texts: dict[str, ModuleText], folder: Path, report: Report) -> None:
    """Every language of a module defines the same glossary terms."""
    if not texts:
        return
    reference = texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()))
    for code, text in texts.items():
        missing = sorted(set(reference.glossary) - set(text.glossary))
        extra = sorted(set(text.glossary) - set(reference.glossary))
        path = folder / code / "glossary.yaml"
        if (missing or extra) and text.glossary:
            report.add(
                path,
                1,
                f"glossary ids differ from {reference.language}/glossary.yaml: "
                f"missing {missing}, not there {extra}",
            )
