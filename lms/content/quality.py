"""The course's quality rules, beyond a well-formed module: lesson length, quiz size, and no
English left in a translation."""

from __future__ import annotations

import re
from pathlib import Path

from lms.content.model import LessonText, Module
from lms.content.reading import Report
from lms.languages import DEFAULT_LANGUAGE

MASTER_WORDS = (500, 1000)  # an English lesson body, in words
TRANSLATION_RATIO = (0.5, 2.0)  # a translation's length against its English lesson
MIN_QUESTIONS = 12
COPIED_RUN = 10  # this many words in a row shared with the English master: text left untranslated

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(markdown: str) -> int:
    return len(_WORD.findall(markdown))


def check_module(module: Module, report: Report) -> None:
    master = module.texts.get(DEFAULT_LANGUAGE)
    if module.quiz_key is not None and len(module.quiz_key.questions) < MIN_QUESTIONS:
        count = len(module.quiz_key.questions)
        report.add(
            Path(module.folder) / "quiz.yaml",
            1,
            f"the quiz has {count} questions; a module quiz has at least {MIN_QUESTIONS}",
        )
    for text in module.texts.values():
        for lesson in text.lessons.values():
            counterpart = master.lessons.get(lesson.id) if master else None
            if text is master or counterpart is None:
                _check_master_length(lesson, report)
            else:
                _check_translation(lesson, counterpart, report)


def _check_master_length(lesson: LessonText, report: Report) -> None:
    count = word_count(lesson.body)
    low, high = MASTER_WORDS
    if not low <= count <= high:
        report.add(
            Path(lesson.path),
            lesson.body_line,
            f"the lesson has {count} words; a lesson has {low} to {high}",
        )


def _check_translation(lesson: LessonText, master: LessonText, report: Report) -> None:
    count, master_count = word_count(lesson.body), word_count(master.body)
    low, high = (round(master_count * ratio) for ratio in TRANSLATION_RATIO)
    if not low <= count <= high:
        report.add(
            Path(lesson.path),
            lesson.body_line,
            f"the lesson has {count} words against {master_count} in English; "
            f"a translation has {low} to {high}",
        )
    copied = _shared_run(lesson.body, master.body)
    if copied is not None:
        line_offset, words = copied
        report.add(
            Path(lesson.path),
            lesson.body_line + line_offset,
            f"English left in the translation: {' '.join(words)!r}",
        )


def _shared_run(text: str, master: str) -> tuple[int, list[str]] | None:
    """The first run of COPIED_RUN words of `text` found in `master`, with its line offset."""
    master_words = [word.casefold() for word in _WORD.findall(master)]
    runs = {
        tuple(master_words[index : index + COPIED_RUN])
        for index in range(len(master_words) - COPIED_RUN + 1)
    }
    found = [(match.group(), text.count("\n", 0, match.start())) for match in _WORD.finditer(text)]
    for index in range(len(found) - COPIED_RUN + 1):
        window = found[index : index + COPIED_RUN]
        if tuple(word.casefold() for word, _line in window) in runs:
            return window[0][1], [word for word, _line in window]
    return None
