"""The course itself: the four modules as published; module 1 complete in English and Spanish."""

from __future__ import annotations

import re

PUBLISHED = {
    1: ["en", "es", "ar", "fr", "ko", "pt", "ru", "sw"],
    2: ["en", "es", "ar", "fr", "pt", "ru"],
    3: ["en", "es", "ar", "fr", "pt", "ru"],
    4: ["en", "es", "ar", "fr", "ko", "pt", "ru", "sw"],
}
SECTIONS = ("learning-objectives", "example", "reflection", "summary")  # terminology ids


def section_headings(catalogue, language: str) -> dict[str, str]:
    """The lesson pattern's headings in a language, as the terminology sheet words them."""
    terms = {term.id: term.forms for term in catalogue.terminology}
    return {section: terms[section][language] for section in SECTIONS}


def words(markdown: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", markdown))


def test_the_catalogue_has_the_four_modules_in_their_published_languages(catalogue):
    assert [module.number for module in catalogue.modules] == [1, 2, 3, 4]
    for module in catalogue.modules:
        assert sorted(module.languages) == sorted(PUBLISHED[module.number])
        assert set(module.titles) == set(module.languages)


def test_every_module_is_available_in_english_and_spanish(catalogue):
    for module in catalogue.modules:
        assert {"en", "es"} <= set(module.available_languages), module.slug


def test_every_lesson_in_every_language_keeps_the_lesson_pattern(catalogue):
    """Objectives first, at least one example, then a reflection and a summary of 3 to 5 points,
    in every module and every available language."""
    for module in catalogue.modules:
        assert 4 <= len(module.lesson_ids) <= 6
        for language, text in module.texts.items():
            heading = section_headings(catalogue, language)
            for lesson in text.lessons.values():
                titles = re.findall(r"^## (.+)$", lesson.body, flags=re.MULTILINE)
                where = f"{lesson.path}: {titles}"
                assert titles[0] == heading["learning-objectives"], where
                assert titles[-2:] == [heading["reflection"], heading["summary"]], where
                assert any(title.startswith(heading["example"]) for title in titles), where
                summary = lesson.body.rsplit(f"## {heading['summary']}", 1)[1]
                points = [line for line in summary.splitlines() if line.startswith("- ")]
                assert 3 <= len(points) <= 5, f"{lesson.path}: summary has {len(points)} points"


def test_module_1_lessons_are_of_the_course_length(catalogue):
    module = catalogue.get("sse-game-changer")
    for language, upper in (("en", 1000), ("es", 1150)):
        for lesson in module.texts[language].lessons.values():
            count = words(lesson.body)
            assert 500 <= count <= upper, f"{lesson.path}: {count} words"


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
    assert {"en", "es"} <= set(catalogue.library.languages)
    assert set(catalogue.library.categories) == {
        "sse", "cooperatives", "self-help-groups", "social-enterprises"
    }  # fmt: skip
    assert len(catalogue.library.resources) >= 20
    assert {"en", "es"} <= set(catalogue.about)
    assert set(catalogue.library.languages) <= set(catalogue.about)
