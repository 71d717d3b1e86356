"""A small valid module written to a temporary folder, for breaking one thing at a time."""

from __future__ import annotations

from pathlib import Path

MODULE_YAML = """\
number: 1
slug: sample
estimated_minutes: 30
pass_mark: 70
max_attempts: 3
languages:
  en: available
  es: available
  fr: in_preparation
lessons:
  - first-lesson
  - second-lesson
titles:
  en: Sample module
  es: Módulo de ejemplo
  fr: Module d'exemple
"""

QUIZ_KEY = """\
questions:
  - id: pick-one
    type: single
    points: 1
    options: [a, b, c]
    correct: [b]
  - id: pick-some
    type: multiple
    points: 2
    options: [a, b, c, d]
    correct: [a, c]
  - id: true-or-false
    type: true_false
    points: 1
    options: [true, false]
    correct: [false]
"""


# A module quiz has at least 12 questions: nine more single-choice ones after the three above.
EXTRA_QUESTIONS = range(4, 13)
QUIZ_KEY += "".join(
    f"  - id: extra-{n}\n    type: single\n    options: [a, b]\n    correct: [a]\n"
    for n in EXTRA_QUESTIONS
)


def quiz_text(word: str) -> str:
    extra = "".join(
        f"  extra-{n}:\n    prompt: {word} {n}?\n    options:\n"
        f"      a: {{text: A, feedback: Yes.}}\n      b: {{text: B, feedback: No.}}\n"
        for n in EXTRA_QUESTIONS
    )
    return QUIZ_TEXT.format(word=word) + extra


QUIZ_TEXT = """\
questions:
  pick-one:
    prompt: {word} one?
    options:
      a: {{text: A, feedback: No because A.}}
      b: {{text: B, feedback: Yes because B.}}
      c: {{text: C, feedback: No because C.}}
  pick-some:
    prompt: {word} some?
    options:
      a: {{text: A, feedback: Yes.}}
      b: {{text: B, feedback: No.}}
      c: {{text: C, feedback: Yes.}}
      d: {{text: D, feedback: No.}}
  true-or-false:
    prompt: {word} true?
    options:
      "true": {{text: "True", feedback: No.}}
      "false": {{text: "False", feedback: Yes.}}
"""


def lesson(title: str, word: str = "word", words: int = 600) -> str:
    body = " ".join(f"{word}{n}" for n in range(words))
    return f"---\ntitle: {title}\nsummary: A summary.\n---\n\n## Heading\n\n{body}\n"


def glossary(term: str) -> str:
    return f"terms:\n  sample-term:\n    term: {term}\n    definition: What it means.\n"


def valid_files() -> dict[str, str]:
    return {
        "module.yaml": MODULE_YAML,
        "quiz.yaml": QUIZ_KEY,
        "en/first-lesson.md": lesson("First lesson"),
        "en/second-lesson.md": lesson("Second lesson"),
        "en/quiz.yaml": quiz_text("Which"),
        "en/glossary.yaml": glossary("sample term"),
        "es/first-lesson.md": lesson("Primera lección", "palabra"),
        "es/second-lesson.md": lesson("Segunda lección", "palabra"),
        "es/quiz.yaml": quiz_text("Cuál"),
        "es/glossary.yaml": glossary("término de ejemplo"),
    }


def write_module(root: Path, files: dict[str, str], folder: str = "01-sample") -> Path:
    """Write a module into root/modules/<folder>; return root, the content folder."""
    for relative, text in files.items():
        path = root / "modules" / folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
