"""The course's quality rules, beyond a well-formed module: lesson length, quiz size, and no
English left in a translation (no run of words shared with the English master, and, in languages
written in another script, no block of text mostly in Latin letters)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lms.content.model import LessonText, Module, ModuleText
from lms.content.reading import Report
from lms.languages import DEFAULT_LANGUAGE

MASTER_WORDS = (500, 1000)  # an English lesson body, in words
TRANSLATION_RATIO = (0.5, 2.0)  # a translation's length against its English lesson
MIN_QUESTIONS = 12
COPIED_RUN = 10  # this many words in a row shared with the English master: text left untranslated

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

# Languages written in a script of their own: code -> (script name, its Unicode ranges).
SCRIPTS = {
    "ar": ("Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFEFF))),
    "ru": ("Cyrillic", ((0x0400, 0x052F),)),
    "ko": ("Hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
}
# A block of a translation in such a language must have most of its letters in that script: names,
# acronyms and citations in Latin letters are fine inside a sentence, a sentence in English is not.
SHORT_BLOCK, SHORT_SHARE = 8, 0.5  # from 8 letters, at least half in the script
LONG_BLOCK, LONG_SHARE = 40, 0.75  # from 40 letters, at least three quarters
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


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
        if master is not None and text is not master:
            _check_short_texts(module, text, master, report)
        if text.language in SCRIPTS:
            _check_script(module, text, report)


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


def _blocks(module: Module, text: ModuleText) -> Iterator[tuple[Path, int, str]]:
    """Every block of text of a language version, with its file and line: lesson titles,
    summaries and paragraphs, quiz prompts, options and feedback, glossary terms and definitions."""
    for lesson in text.lessons.values():
        path = Path(lesson.path)
        yield path, 2, lesson.title
        if lesson.summary:
            yield path, 3, lesson.summary
        line = lesson.body_line
        for paragraph in re.split(r"\n\s*\n", lesson.body):
            yield path, line, _LINK_TARGET.sub("]", paragraph)
            line += paragraph.count("\n") + 2
    folder = Path(module.folder) / text.language
    for question in text.quiz.values():
        yield folder / "quiz.yaml", question.line, question.prompt
        for option in question.options.values():
            yield folder / "quiz.yaml", option.line, option.text
            yield folder / "quiz.yaml", option.line, option.feedback
    for entry in text.glossary.values():
        yield folder / "glossary.yaml", entry.line, f"{entry.term} {entry.definition}"


def _check_script(module: Module, text: ModuleText, report: Report) -> None:
    name, ranges = SCRIPTS[text.language]
    for path, line, block in _blocks(module, text):
        letters = [char for char in block if char.isalpha()]
        own = sum(1 for char in letters if any(low <= ord(char) <= high for low, high in ranges))
        count = len(letters)
        if (count >= SHORT_BLOCK and own < SHORT_SHARE * count) or (
            count >= LONG_BLOCK and own < LONG_SHARE * count
        ):
            start = " ".join(block.split()[:8])
            report.add(path, line, f"text not in {name} script, untranslated? {start!r}")


def _check_short_texts(
    module: Module, text: ModuleText, master: ModuleText, report: Report
) -> None:
    """The English-run rule for the quiz and the glossary, against the same ids in English."""
    folder = Path(module.folder) / text.language
    pairs: list[tuple[Path, int, str, str]] = []
    for question_id, question in text.quiz.items():
        english = master.quiz.get(question_id)
        if english is None:
            continue
        pairs.append((folder / "quiz.yaml", question.line, question.prompt, english.prompt))
        for option_id, option in question.options.items():
            theirs = english.options.get(option_id)
            if theirs is not None:
                pairs.append((folder / "quiz.yaml", option.line, option.feedback, theirs.feedback))
    for term_id, entry in text.glossary.items():
        original = master.glossary.get(term_id)
        if original is not None:
            pairs.append(
                (folder / "glossary.yaml", entry.line, entry.definition, original.definition)
            )
    for path, line, translated, english_text in pairs:
        copied = _shared_run(translated, english_text)
        if copied is not None:
            report.add(path, line, f"English left in the translation: {' '.join(copied[1])!r}")
