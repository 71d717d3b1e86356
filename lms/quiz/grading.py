"""Grading rules: pure functions of the answer key and the learner's selections."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lms.content.model import QuestionKey, QuizKey
from lms.records.status import answer_outcome


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    selected: tuple[str, ...]
    points: float
    max_points: float

    @property
    def outcome(self) -> str:
        return answer_outcome(self.points, self.max_points)


@dataclass(frozen=True)
class Grade:
    questions: tuple[QuestionResult, ...]
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 2) if self.max_points else 0.0


def question_fraction(question: QuestionKey, selected: Collection[str]) -> float:
    """Share of the question's points earned, from 0 to 1.

    Single choice and true/false: all or nothing. Multiple response: each correct option chosen
    earns its share of the points and each wrong option chosen takes away its share of the
    wrong ones, never below zero, so ticking every box earns nothing.
    """
    chosen = set(selected) & set(question.options)
    if question.type != "multiple":
        return 1.0 if len(chosen) == 1 and chosen <= question.correct else 0.0
    wrong_options = set(question.options) - question.correct
    gained = len(chosen & question.correct) / len(question.correct)
    lost = len(chosen & wrong_options) / len(wrong_options) if wrong_options else 0.0
    return max(gained - lost, 0.0)


def grade(key: QuizKey, answers: Mapping[str, Collection[str]]) -> Grade:
    results = []
    for question in key.questions:
        selected = tuple(
            option for option in question.options if option in answers.get(question.id, ())
        )
        points = round(question.points * question_fraction(question, selected), 4)
        results.append(QuestionResult(question.id, selected, points, question.points))
    return Grade(
        questions=tuple(results),
        points=round(sum(result.points for result in results), 4),
        max_points=key.max_points,
    )
