"""Quiz item analysis from first attempts, as Moodle's quiz statistics compute it, plus the same
figures per language version to catch a question that a translation made harder or easier."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from lms.content import Module
from lms.records.attempts import recorded_answers

MIN_LANGUAGE_ATTEMPTS = 5  # fewer first attempts in a language say nothing about it
FLAG_DIFFERENCE = 0.2  # a language's facility this far from the others' is flagged


@dataclass
class _Sums:
    """Running sums for a mean and a Pearson correlation, without keeping the values."""

    n: int = 0
    x: float = 0.0
    y: float = 0.0
    xx: float = 0.0
    yy: float = 0.0
    xy: float = 0.0

    def add(self, x: float, y: float = 0.0) -> None:
        self.n += 1
        self.x += x
        self.y += y
        self.xx += x * x
        self.yy += y * y
        self.xy += x * y

    @property
    def mean(self) -> float | None:
        return self.x / self.n if self.n else None

    @property
    def correlation(self) -> float | None:
        if self.n < 2:
            return None
        cov = self.n * self.xy - self.x * self.y
        var = (self.n * self.xx - self.x**2) * (self.n * self.yy - self.y**2)
        return cov / math.sqrt(var) if var > 0 else None


@dataclass
class LanguageStat:
    attempts: int
    facility: float | None
    flagged: bool = False


@dataclass
class ItemStat:
    question_id: str
    attempts: int = 0
    facility: float | None = None  # share of the marks earned, 0 to 1
    discrimination: float | None = None  # correlation with the rest of the attempt, -1 to 1
    chosen: dict[str, int] = field(default_factory=dict)  # option id -> times chosen
    languages: dict[str, LanguageStat] = field(default_factory=dict)

    @property
    def flagged_languages(self) -> list[str]:
        return [code for code, stat in self.languages.items() if stat.flagged]


def analyse(module: Module, attempts: Iterable[tuple[str, dict]]) -> list[ItemStat]:
    """Figures for each question of the module's quiz (which must have one)."""
    assert module.quiz_key is not None
    questions = module.quiz_key.questions
    overall = {q.id: _Sums() for q in questions}
    per_language: dict[str, dict[str, _Sums]] = {}
    chosen = {q.id: dict.fromkeys(q.options, 0) for q in questions}
    for language, stored in attempts:
        answers = recorded_answers(module, stored)
        marks = {
            q.id: answers[q.id].points / answers[q.id].max_points if q.id in answers else 0.0
            for q in questions
        }
        total = sum(marks.values())
        for question in questions:
            mark = marks[question.id]
            overall[question.id].add(mark, total - mark)
            per_language.setdefault(language, {q.id: _Sums() for q in questions})
            per_language[language][question.id].add(mark)
            for option in answers[question.id].selected if question.id in answers else ():
                if option in chosen[question.id]:
                    chosen[question.id][option] += 1
    stats = []
    for question in questions:
        sums = overall[question.id]
        stat = ItemStat(question.id, sums.n, sums.mean, sums.correlation, chosen[question.id])
        for language, by_question in sorted(per_language.items()):
            own = by_question[question.id]
            stat.languages[language] = LanguageStat(own.n, own.mean)
        _flag(stat, overall[question.id], per_language, question.id)
        stats.append(stat)
    return stats


def _flag(stat: ItemStat, overall: _Sums, per_language, question_id: str) -> None:
    """Flag a language whose facility differs markedly from that of all the other languages."""
    for language, language_stat in stat.languages.items():
        own = per_language[language][question_id]
        others_n = overall.n - own.n
        if own.n < MIN_LANGUAGE_ATTEMPTS or others_n < MIN_LANGUAGE_ATTEMPTS:
            continue
        others = (overall.x - own.x) / others_n
        language_stat.flagged = abs(own.mean - others) >= FLAG_DIFFERENCE
