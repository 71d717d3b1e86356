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


def quiz_text(word: str) -> str:
    return f"""\
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


def lesson(title: str) -> str:
    return f"---\ntitle: {title}\nsummary: A summary.\n---\n\n## Heading\n\nSome text.\n"


def valid_files() -> dict[str, str]:
    return {
        "module.yaml": MODULE_YAML,
        "quiz.yaml": QUIZ_KEY,
        "en/first-lesson.md": lesson("First lesson"),
        "en/second-lesson.md": lesson("Second lesson"),
        "en/quiz.yaml": quiz_text("Which"),
        "es/first-lesson.md": lesson("Primera lección"),
        "es/second-lesson.md": lesson("Segunda lección"),
        "es/quiz.yaml": quiz_text("Cuál"),
    }


def write_module(root: Path, files: dict[str, str], folder: str = "01-sample") -> Path:
    for relative, text in files.items():
        path = root / folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
