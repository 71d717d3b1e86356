"""The course itself: the four modules as published; module 1 complete in English and Spanish."""

from __future__ import annotations

import re

import pytest

PUBLISHED = {
    1: ["en", "es", "ar", "fr", "ko", "pt", "ru", "sw"],
    2: ["en", "es", "ar", "fr", "pt", "ru"],
    3: ["en", "es", "ar", "fr", "pt", "ru"],
    4: ["en", "es", "ar", "fr", "ko", "pt", "ru", "sw"],
}
REQUIRED_SECTIONS = {
    "en": ("## Learning objectives", "## Reflection", "## Summary", "## Example"),
    "es": ("## Objetivos de aprendizaje", "## Reflexión", "## Resumen", "## Ejemplo"),
}


def words(markdown: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", markdown))


def test_the_catalogue_has_the_four_modules_in_their_published_languages(catalogue):
    assert [module.number for module in catalogue.modules] == [1, 2, 3, 4]
    for module in catalogue.modules:
        assert sorted(module.languages) == sorted(PUBLISHED[module.number])
        assert set(module.titles) == set(module.languages)


def test_module_1_is_available_in_english_and_spanish(catalogue):
    assert catalogue.get("sse-game-changer").available_languages == ["en", "es"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_module_1_lessons_meet_the_bar(catalogue, language):
    module = catalogue.get("sse-game-changer")
    assert 4 <= len(module.lesson_ids) <= 6
    for lesson_id in module.lesson_ids:
        lesson = module.texts[language].lessons[lesson_id]
        count = words(lesson.body)
        upper = 1000 if language == "en" else 1150
        assert 500 <= count <= upper, f"{lesson.path}: {count} words"
        for section in REQUIRED_SECTIONS[language]:
            assert section in lesson.body, f"{lesson.path} lacks {section}"
        summary = lesson.body.split(REQUIRED_SECTIONS[language][2], 1)[1]
        points = [line for line in summary.splitlines() if line.startswith("- ")]
        assert 3 <= len(points) <= 5, f"{lesson.path}: summary has {len(points)} points"


def test_module_1_quiz_mixes_the_three_question_types(catalogue):
    key = catalogue.get("sse-game-changer").quiz_key
    assert len(key.questions) >= 12
    assert {question.type for question in key.questions} == {"single", "multiple", "true_false"}


def test_spanish_lessons_are_of_matching_length(catalogue):
    module = catalogue.get("sse-game-changer")
    for lesson_id in module.lesson_ids:
        english = words(module.texts["en"].lessons[lesson_id].body)
        spanish = words(module.texts["es"].lessons[lesson_id].body)
        assert 0.9 <= spanish / english <= 1.35, lesson_id


def test_every_available_module_language_has_a_glossary(catalogue):
    for module in catalogue.modules:
        for text in module.texts.values():
            assert 8 <= len(text.glossary) <= 15, (module.slug, text.language)


def test_the_resource_library_and_about_page_exist_in_english_and_spanish(catalogue):
    assert catalogue.library.languages == ("en", "es")
    assert set(catalogue.library.categories) == {
        "sse", "cooperatives", "self-help-groups", "social-enterprises"
    }  # fmt: skip
    assert len(catalogue.library.resources) >= 20
    assert set(catalogue.about) == {"en", "es"}
