"""Read content/modules/ into a Catalogue, collecting every problem with its file and line."""

from __future__ import annotations

import os
import re
from pathlib import Path

from lms.content.model import (
    AVAILABLE,
    IN_PREPARATION,
    QUESTION_TYPES,
    Catalogue,
    ContentError,
    LessonText,
    Module,
    ModuleText,
    OptionText,
    Problem,
    QuestionKey,
    QuestionText,
    QuizKey,
)
from lms.content.yamlio import LineList, LineMap, YamlError, parse_yaml
from lms.languages import DEFAULT_LANGUAGE, LANGUAGES

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MODULE_KEYS = {
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
_UNREADABLE = object()


class _Report:
    """Collects problems for one file at a time."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(_display_path(path), line, message))


def _display_path(path: Path) -> str:
    """Relative to the working directory when inside it, as people run `lms content check`."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def load_catalogue(modules_dir: str | os.PathLike[str]) -> Catalogue:
    """Load and validate every module folder; raise ContentError listing all problems."""
    root = Path(modules_dir)
    report = _Report()
    if not root.is_dir():
        report.add(root, 1, "the content folder does not exist")
        raise ContentError(report.problems)
    modules = []
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        module = _load_module(folder, report)
        if module is not None:
            modules.append(module)
    _check_unique(modules, "number", root, report)
    _check_unique(modules, "slug", root, report)
    if report.problems:
        raise ContentError(report.problems)
    return Catalogue(tuple(sorted(modules, key=lambda module: module.number)))


def _check_unique(modules: list[Module], attribute: str, root: Path, report: _Report) -> None:
    seen: dict[object, int] = {}
    for module in modules:
        value = getattr(module, attribute)
        if value in seen:
            report.add(root, 1, f"two modules share the {attribute} {value!r}")
        seen[value] = 1


def _read_yaml(path: Path, report: _Report) -> object:
    """The parsed file, or _UNREADABLE once the reason is reported."""
    if not path.is_file():
        report.add(path, 1, "file is missing")
        return _UNREADABLE
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        report.add(path, 1, "file is not valid UTF-8")
    except YamlError as error:
        report.add(path, error.line, error.message)
    return _UNREADABLE


def _expect_map(data: object, path: Path, line: int, what: str, report: _Report) -> LineMap | None:
    if isinstance(data, LineMap):
        return data
    if data is _UNREADABLE:
        return None
    report.add(path, line, f"{what} must be a mapping")
    return None


def _text(mapping: LineMap, key: str, path: Path, report: _Report, where: str = "") -> str | None:
    value = mapping.get(key)
    label = f"{where}{key}"
    if value is None or (isinstance(value, str) and not value.strip()):
        report.add(path, mapping.line_of(key), f"{label} is empty or missing")
        return None
    if not isinstance(value, str):
        report.add(path, mapping.line_of(key), f"{label} must be text")
        return None
    return value.strip()


def _whole_number(mapping: LineMap, key: str, path: Path, report: _Report, minimum: int) -> int:
    value = mapping.get(key)
    if not isinstance(value, int) or value < minimum:
        report.add(
            path, mapping.line_of(key), f"{key} must be a whole number of at least {minimum}"
        )
        return minimum
    return value


def _load_module(folder: Path, report: _Report) -> Module | None:
    path = folder / "module.yaml"
    before = len(report.problems)
    data = _expect_map(_read_yaml(path, report), path, 1, "module.yaml", report)
    if data is None:
        return None
    for key in data:
        if key not in MODULE_KEYS:
            report.add(path, data.line_of(key), f"unknown key {key!r}")
    number = _whole_number(data, "number", path, report, 1)
    estimated_minutes = _whole_number(data, "estimated_minutes", path, report, 1)
    max_attempts = _whole_number(data, "max_attempts", path, report, 1)
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
    )


def _item_lines(raw: object, path: Path) -> dict[str, tuple[Path, int]]:
    """Where module.yaml lists each lesson id."""
    if not isinstance(raw, LineList):
        return {}
    return {item: (path, raw.line_of(index)) for index, item in enumerate(raw)}


def _load_languages(data: LineMap, path: Path, report: _Report) -> dict[str, str]:
    raw = _expect_map(data.get("languages"), path, data.line_of("languages"), "languages", report)
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


def _load_ids(data: LineMap, key: str, path: Path, report: _Report) -> list[str]:
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
    data: LineMap, languages: dict[str, str], path: Path, report: _Report
) -> dict[str, str]:
    raw = _expect_map(data.get("titles"), path, data.line_of("titles"), "titles", report)
    if raw is None:
        return {}
    titles = {}
    for code in raw:
        if code not in LANGUAGES:
            report.add(path, raw.line_of(code), f"unknown language code {code!r}")
        else:
            title = _text(raw, code, path, report, "title in ")
            if title:
                titles[code] = title
    for code in languages:
        if code not in raw:
            report.add(path, raw.line, f"no title in {code!r}, a language the module lists")
    if DEFAULT_LANGUAGE not in raw:
        report.add(path, raw.line, f"no title in {DEFAULT_LANGUAGE!r}, the fallback language")
    return titles


def _load_quiz_key(path: Path, report: _Report) -> QuizKey | None:
    data = _expect_map(_read_yaml(path, report), path, 1, "quiz.yaml", report)
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


def _load_question_key(item: object, line: int, path: Path, report: _Report) -> QuestionKey | None:
    data = _expect_map(item, path, line, "a question", report)
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
    return QuestionKey(question_id, kind, float(points), tuple(options), frozenset(correct))


def _load_module_text(
    folder: Path,
    code: str,
    language_listed_at: tuple[Path, int],
    listed_at: dict[str, tuple[Path, int]],
    quiz_key: QuizKey | None,
    report: _Report,
) -> ModuleText:
    """One language version; `*listed_at` say where module.yaml lists the language and lessons."""
    lessons: dict[str, LessonText] = {}
    lesson_ids = list(listed_at)
    if not folder.is_dir():
        path, line = language_listed_at
        report.add(path, line, f"{code!r} is marked available but {folder.name}/ is missing")
        return ModuleText(code, lessons, {})
    for lesson_id in lesson_ids:
        lesson_path = folder / f"{lesson_id}.md"
        if not lesson_path.is_file():
            path, line = listed_at[lesson_id]
            report.add(path, line, f"lesson {lesson_id!r} has no file {code}/{lesson_path.name}")
            continue
        lesson = _load_lesson(lesson_path, lesson_id, report)
        if lesson is not None:
            lessons[lesson_id] = lesson
    for path in sorted(folder.glob("*.md")):
        if path.stem not in lesson_ids:
            report.add(path, 1, f"lesson {path.stem!r} is not listed in module.yaml")
    quiz = _load_quiz_text(folder / "quiz.yaml", quiz_key, report) if quiz_key else {}
    return ModuleText(code, lessons, quiz)


def _load_lesson(path: Path, lesson_id: str, report: _Report) -> LessonText | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        report.add(path, 1, "file is not valid UTF-8")
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        report.add(path, 1, "a lesson starts with front matter between two '---' lines")
        return None
    try:
        end = next(index for index in range(1, len(lines)) if lines[index].strip() == "---")
    except StopIteration:
        report.add(path, 1, "front matter is not closed by a '---' line")
        return None
    try:
        front = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlError as error:
        report.add(path, error.line, f"front matter: {error.message}")
        return None
    front = _expect_map(front, path, 2, "front matter", report)
    if front is None:
        return None
    for key in front:
        if key not in ("title", "summary"):
            report.add(path, front.line_of(key), f"unknown front matter key {key!r}")
    title = _text(front, "title", path, report)
    summary = front.get("summary") or ""
    if not isinstance(summary, str):
        report.add(path, front.line_of("summary"), "summary must be text")
        summary = ""
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        report.add(path, end + 2, "the lesson body is empty")
    if title is None or not body:
        return None
    return LessonText(lesson_id, title, summary.strip(), body, _display_path(path))


def _load_quiz_text(path: Path, quiz_key: QuizKey, report: _Report) -> dict[str, QuestionText]:
    data = _expect_map(_read_yaml(path, report), path, 1, "quiz.yaml", report)
    if data is None:
        return {}
    raw = _expect_map(data.get("questions"), path, data.line_of("questions"), "questions", report)
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
    raw: LineMap, question: QuestionKey, path: Path, report: _Report
) -> QuestionText | None:
    label = f"question {question.id!r}: "
    data = _expect_map(raw[question.id], path, raw.line_of(question.id), label, report)
    if data is None:
        return None
    prompt = _text(data, "prompt", path, report, label)
    options_raw = _expect_map(data.get("options"), path, data.line_of("options"), label, report)
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
        option = _expect_map(
            options_raw[option_id], path, options_raw.line_of(option_id), where, report
        )
        if option is None:
            continue
        text = _text(option, "text", path, report, where)
        feedback = _text(option, "feedback", path, report, where)
        if text and feedback:
            options[option_id] = OptionText(text, feedback)
    if prompt is None or len(options) != len(question.options):
        return None
    return QuestionText(prompt, options)
