"""`lms content check` and start-up: every kind of broken content is reported with file and line."""

from __future__ import annotations

import pytest

from lms.content import ContentError, load_catalogue
from tests.content.builders import (
    MODULE_YAML,
    QUIZ_KEY,
    glossary,
    lesson,
    quiz_text,
    valid_files,
    write_module,
)


def problems_for(tmp_path, files) -> list[str]:
    write_module(tmp_path, files)
    with pytest.raises(ContentError) as caught:
        load_catalogue(tmp_path)
    return [str(problem) for problem in caught.value.problems]


def only_problem(tmp_path, files) -> str:
    problems = problems_for(tmp_path, files)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_module_loads_with_its_key_and_texts(tmp_path):
    catalogue = load_catalogue(write_module(tmp_path, valid_files()))
    module = catalogue.get("sample")
    assert module.lesson_ids == ("first-lesson", "second-lesson")
    assert module.available_languages == ["en", "es"]
    assert list(module.languages) == ["en", "es", "fr"]
    assert module.texts["es"].lessons["first-lesson"].title == "Primera lección"
    assert [q.id for q in module.quiz_key.questions][:3] == [
        "pick-one",
        "pick-some",
        "true-or-false",
    ]
    assert module.quiz_key.questions[2].correct == {"false"}
    assert module.quiz_key.max_points == 4 + 9
    assert module.texts["en"].quiz["pick-one"].options["b"].feedback == "Yes because B."


def test_malformed_yaml_names_file_and_line(tmp_path):
    files = valid_files()
    files["module.yaml"] = MODULE_YAML.replace("max_attempts: 3", "max_attempts: [3")
    problem = only_problem(tmp_path, files)
    assert "01-sample/module.yaml:6: malformed YAML" in problem


def test_malformed_front_matter_names_the_line_in_the_lesson(tmp_path):
    files = valid_files()
    files["en/first-lesson.md"] = "---\ntitle: A\nsummary: [unclosed\n---\n\nBody.\n"
    problem = only_problem(tmp_path, files)
    assert "en/first-lesson.md:3: front matter: malformed YAML" in problem


def test_lesson_without_front_matter(tmp_path):
    files = valid_files()
    files["es/second-lesson.md"] = "## Only a body\n"
    assert "es/second-lesson.md:1: the file starts with front matter" in only_problem(
        tmp_path, files
    )


def test_lesson_listed_but_missing_in_a_published_language(tmp_path):
    files = valid_files()
    del files["es/second-lesson.md"]
    problem = only_problem(tmp_path, files)
    assert "module.yaml:12: lesson 'second-lesson' has no file es/second-lesson.md" in problem


def test_lesson_present_but_not_listed(tmp_path):
    files = valid_files()
    files["en/stray-lesson.md"] = "---\ntitle: Stray\n---\n\nText.\n"
    problem = only_problem(tmp_path, files)
    assert "en/stray-lesson.md:1: lesson 'stray-lesson' is not listed in module.yaml" in problem


def test_quiz_translation_with_ids_unlike_the_key(tmp_path):
    files = valid_files()
    files["es/quiz.yaml"] = quiz_text("Cuál").replace("pick-some:", "pick-many:")
    problems = problems_for(tmp_path, files)
    assert any("es/quiz.yaml:8: question 'pick-many' is not in the key" in p for p in problems)
    assert any(
        "es/quiz.yaml:2: question 'pick-some' of the key has no text here" in p for p in problems
    )


def test_option_ids_unlike_the_key(tmp_path):
    files = valid_files()
    files["en/quiz.yaml"] = quiz_text("Which").replace("      d: {text: D", "      e: {text: D")
    problems = problems_for(tmp_path, files)
    assert any(
        "en/quiz.yaml:14: question 'pick-some': option 'e' is not in the key" in p for p in problems
    )
    assert any("question 'pick-some': option 'd' has no text here" in p for p in problems)


def test_question_without_a_correct_option(tmp_path):
    files = valid_files()
    files["quiz.yaml"] = QUIZ_KEY.replace("    correct: [b]", "    correct: []")
    assert "quiz.yaml:6: question 'pick-one' has no correct option" in only_problem(tmp_path, files)


def test_single_choice_with_two_correct_options(tmp_path):
    files = valid_files()
    files["quiz.yaml"] = QUIZ_KEY.replace("    correct: [b]", "    correct: [a, b]")
    assert "question 'pick-one' is single but has several correct" in only_problem(tmp_path, files)


def test_true_false_with_other_than_two_options(tmp_path):
    files = valid_files()
    files["quiz.yaml"] = QUIZ_KEY.replace("options: [true, false]", "options: [true, false, maybe]")
    problem = only_problem(tmp_path, files)
    assert (
        "quiz.yaml:15: question 'true-or-false' is true_false: options are [true, false]" in problem
    )


def test_unknown_language_code(tmp_path):
    files = valid_files()
    files["module.yaml"] = MODULE_YAML.replace("  fr: in_preparation\n", "  xx: in_preparation\n")
    assert "module.yaml:9: unknown language code 'xx'" in only_problem(tmp_path, files)


def test_unknown_language_folder(tmp_path):
    files = valid_files()
    files["de/first-lesson.md"] = files["en/first-lesson.md"]
    assert "folder for an unknown language: 'de'" in only_problem(tmp_path, files)


def test_duplicate_lesson_ids(tmp_path):
    files = valid_files()
    files["module.yaml"] = MODULE_YAML.replace(
        "  - second-lesson\n", "  - second-lesson\n  - first-lesson\n"
    )
    assert "module.yaml:13: duplicate id 'first-lesson'" in only_problem(tmp_path, files)


def test_duplicate_question_ids(tmp_path):
    files = valid_files()
    files["quiz.yaml"] = QUIZ_KEY.replace("id: pick-some", "id: pick-one")
    problems = problems_for(tmp_path, files)
    assert any("quiz.yaml:7: duplicate question id 'pick-one'" in p for p in problems)


def test_duplicate_keys_in_a_translation(tmp_path):
    files = valid_files()
    files["en/quiz.yaml"] = quiz_text("Which") + "  pick-one:\n    prompt: again\n"
    assert "en/quiz.yaml:65: duplicate key 'pick-one'" in only_problem(tmp_path, files)


def test_duplicate_module_slugs(tmp_path):
    write_module(tmp_path, valid_files(), folder="01-sample")
    write_module(tmp_path, valid_files(), folder="02-sample-again")
    with pytest.raises(ContentError) as caught:
        load_catalogue(tmp_path)
    messages = [problem.message for problem in caught.value.problems]
    assert "two modules share the number 1" in messages
    assert "two modules share the slug 'sample'" in messages


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "en/quiz.yaml",
            "prompt: Which one?",
            "prompt: ''",
            "question 'pick-one': prompt is empty",
        ),
        (
            "es/quiz.yaml",
            "b: {text: B, feedback: Yes because B.}",
            "b: {text: B, feedback: ''}",
            "question 'pick-one': option 'b' feedback is empty",
        ),
        ("en/first-lesson.md", "title: First lesson", "title: ''", "title is empty"),
        ("module.yaml", "  es: Módulo de ejemplo", "  es: ''", "title in es is empty"),
    ],
)
def test_empty_texts(tmp_path, path, old, new, expected):
    files = valid_files()
    assert old in files[path]
    files[path] = files[path].replace(old, new)
    assert expected in only_problem(tmp_path, files)


def test_empty_lesson_body(tmp_path):
    files = valid_files()
    files["en/first-lesson.md"] = "---\ntitle: First\n---\n\n"
    assert "en/first-lesson.md:4: the body is empty" in only_problem(tmp_path, files)


def test_in_preparation_languages_need_no_files(tmp_path):
    catalogue = load_catalogue(write_module(tmp_path, valid_files()))
    assert catalogue.get("sample").is_available_in("fr") is False


def test_all_problems_are_reported_at_once(tmp_path):
    files = valid_files()
    del files["es/second-lesson.md"]
    files["quiz.yaml"] = QUIZ_KEY.replace("    correct: [b]", "    correct: []")
    files["module.yaml"] = MODULE_YAML.replace("pass_mark: 70", "pass_mark: 0")
    assert len(problems_for(tmp_path, files)) == 3


def test_the_report_ends_with_a_count(tmp_path):
    files = valid_files()
    del files["es/second-lesson.md"]
    write_module(tmp_path, files)
    with pytest.raises(ContentError) as caught:
        load_catalogue(tmp_path)
    assert caught.value.report().splitlines()[-1] == "1 content problem found."


# The course's quality rules


def test_an_english_lesson_outside_the_word_bounds(tmp_path):
    files = valid_files()
    files["en/first-lesson.md"] = lesson("First lesson", words=450)
    files["es/first-lesson.md"] = lesson("Primera", "palabra", words=450)
    problem = only_problem(tmp_path, files)
    assert "en/first-lesson.md:6: the lesson has 451 words; a lesson has 500 to 1000" in problem


def test_a_translation_far_shorter_than_its_master(tmp_path):
    files = valid_files()
    files["es/second-lesson.md"] = lesson("Segunda", "palabra", words=200)
    problem = only_problem(tmp_path, files)
    assert "es/second-lesson.md:6: the lesson has 201 words against 601 in English" in problem


def test_a_quiz_under_twelve_questions(tmp_path):
    files = valid_files()
    files["quiz.yaml"] = QUIZ_KEY.split("  - id: extra-12")[0]
    for language in ("en", "es"):
        files[f"{language}/quiz.yaml"] = files[f"{language}/quiz.yaml"].split("  extra-12:")[0]
    problem = only_problem(tmp_path, files)
    assert "quiz.yaml:1: the quiz has 11 questions; a module quiz has at least 12" in problem


def test_an_option_without_feedback(tmp_path):
    files = valid_files()
    files["en/quiz.yaml"] = files["en/quiz.yaml"].replace(
        "c: {text: C, feedback: No because C.}", "c: {text: C}"
    )
    assert "question 'pick-one': option 'c' feedback is empty or missing" in only_problem(
        tmp_path, files
    )


def test_english_left_in_a_translation(tmp_path):
    files = valid_files()
    english = " ".join(f"word{n}" for n in range(100, 112))
    files["es/first-lesson.md"] = files["es/first-lesson.md"].replace(
        "## Heading\n\n", f"## Heading\n\nUna frase.\n\n{english}\n\n"
    )
    problem = only_problem(tmp_path, files)
    assert "es/first-lesson.md:10: English left in the translation: 'word100 word101" in problem


def test_glossaries_define_the_same_terms_in_every_language(tmp_path):
    files = valid_files()
    files["es/glossary.yaml"] += "  otro:\n    term: otro\n    definition: Otro término.\n"
    problem = only_problem(tmp_path, files)
    assert "es/glossary.yaml:1: glossary ids differ from en/glossary.yaml" in problem


def test_a_glossary_term_without_definition(tmp_path):
    files = valid_files()
    files["en/glossary.yaml"] = "terms:\n  sample-term:\n    term: sample term\n"
    assert "term 'sample-term': definition is empty or missing" in only_problem(tmp_path, files)


def test_the_library_and_about_pages_load(tmp_path):
    write_module(tmp_path, valid_files())
    (tmp_path / "resources.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "en.md").write_text("---\ntitle: About\n---\n\nText.\n")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.library.resources[0].description["es"] == "Una herramienta."
    assert catalogue.about["en"].title == "About"


def test_a_resource_with_an_unknown_category_or_missing_text(tmp_path):
    write_module(tmp_path, valid_files())
    broken = LIBRARY.replace("category: coops", "category: nope").replace(
        "      es: Una herramienta.\n", ""
    )
    (tmp_path / "resources.yaml").write_text(broken, encoding="utf-8")
    problems = problems_for(tmp_path, {})
    assert any("resources.yaml:10: resource 'tool': unknown category 'nope'" in p for p in problems)
    assert any("resource 'tool': description in es is empty or missing" in p for p in problems)


LIBRARY = """\
languages: [en, es]
categories:
  coops:
    en: Cooperatives
    es: Cooperativas
resources:
  - id: tool
    name: Tool.COOP
    year: 2019
    category: coops
    users: {en: Members, es: Socios}
    description:
      en: A tool.
      es: Una herramienta.
"""


TERMINOLOGY = """\
terms:
  decent-work:
    note: The ILO's term.
    en: decent work
    es: trabajo decente
    fr: ""
    pt: ""
    ru: ""
    ar: ""
    ko: ""
    sw: ""
"""


def test_the_terminology_sheet_loads(tmp_path):
    write_module(tmp_path, valid_files())
    (tmp_path / "terminology.yaml").write_text(TERMINOLOGY, encoding="utf-8")
    (term,) = load_catalogue(tmp_path).terminology
    assert (term.id, term.note, term.forms) == (
        "decent-work",
        "The ILO's term.",
        {"en": "decent work", "es": "trabajo decente"},
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    es: trabajo decente\n", "    es: ''\n", "terminology.yaml:5: term 'decent-work': "
         "no 'es' term, although a module is available in 'es'"),
        ("    sw: \"\"\n", "", "terminology.yaml:2: term 'decent-work': no slot for 'sw'"),
        ("    note:", "    gloss:", "terminology.yaml:3: term 'decent-work': unknown key 'gloss'"),
        ("  decent-work:", "  Decent_Work:", "terminology.yaml:2: 'Decent_Work' is not an id"),
        ("    ko: \"\"\n", "    ko: [a]\n",
         "terminology.yaml:10: term 'decent-work': ko must be text"),
    ],
)  # fmt: skip
def test_a_broken_terminology_sheet_names_file_and_line(tmp_path, old, new, expected):
    write_module(tmp_path, valid_files())
    (tmp_path / "terminology.yaml").write_text(TERMINOLOGY.replace(old, new), encoding="utf-8")
    problems = problems_for(tmp_path, {})
    assert len(problems) == 1 and expected in problems[0], problems


def test_renamed_and_retired_ids_are_declared_in_module_yaml(tmp_path):
    files = valid_files()
    files["module.yaml"] = (
        "schema_version: 2\n"
        + MODULE_YAML
        + (
            "renamed:\n  lessons:\n    old-first: first-lesson\n"
            "  questions:\n    old-pick: pick-one\n"
            "retired:\n  lessons: [dropped-lesson]\n"
        )
    )
    write_module(tmp_path, files)
    (module,) = load_catalogue(tmp_path).modules
    assert module.renamed_lessons == {"old-first": "first-lesson"}
    assert module.renamed_questions == {"old-pick": "pick-one"}
    assert module.retired_lessons == {"dropped-lesson"}
    assert module.current_lesson_id("old-first") == "first-lesson"
    assert module.current_lesson_id("dropped-lesson") is None
    assert module.current_question_id("old-pick") == "pick-one"


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ("renamed:\n  lessons:\n    old: no-such-lesson\n",
         "module.yaml:20: 'old' is renamed to 'no-such-lesson', which is not a current id"),
        ("renamed:\n  lessons:\n    second-lesson: first-lesson\n",
         "module.yaml:20: 'second-lesson' is a current id, so it cannot be renamed"),
        ("retired:\n  lessons: old\n", "module.yaml:19: retired: lessons must be a list of ids"),
        ("retired:\n  pages: [old]\n",
         "module.yaml:19: retired: unknown key 'pages' (lessons, questions)"),
    ],
)  # fmt: skip
def test_a_wrong_rename_declaration_names_its_line(tmp_path, declaration, expected):
    files = valid_files()
    files["module.yaml"] = "schema_version: 2\n" + MODULE_YAML + declaration
    assert expected in only_problem(tmp_path, files)


def test_renames_need_schema_version_2(tmp_path):
    files = valid_files()
    files["module.yaml"] = MODULE_YAML + "retired:\n  lessons: [old]\n"
    assert "module.yaml:17: retired needs schema_version: 2" in only_problem(tmp_path, files)


def russian_files() -> dict[str, str]:
    """The sample module with a Russian version in Cyrillic."""
    files = valid_files()
    files["module.yaml"] = MODULE_YAML.replace("  fr: in_preparation\n", "  ru: available\n")
    files["module.yaml"] = files["module.yaml"].replace(
        "  fr: Module d'exemple\n", "  ru: Модуль\n"
    )
    for lesson_id, title in (("first-lesson", "Первый урок"), ("second-lesson", "Второй урок")):
        text = lesson(title, "слово").replace("A summary.", "Краткое содержание.")
        files[f"ru/{lesson_id}.md"] = text
    files["ru/quiz.yaml"] = (
        quiz_text("Какой")
        .replace("text: A,", "text: Ответ А,")
        .replace("text: B,", "text: Ответ Б,")
        .replace("text: C,", "text: Ответ В,")
        .replace("text: D,", "text: Ответ Г,")
        .replace('"True"', '"Верно"')
        .replace('"False"', '"Неверно"')
        .replace("feedback: No because", "feedback: Нет, потому что")
        .replace("feedback: Yes because", "feedback: Да, потому что")
        .replace("feedback: No.", "feedback: Нет.")
        .replace("feedback: Yes.", "feedback: Да.")
    )
    files["ru/glossary.yaml"] = glossary("термин").replace("What it means.", "Что он значит.")
    return files


def test_a_russian_version_in_cyrillic_passes(tmp_path):
    write_module(tmp_path, russian_files())
    assert load_catalogue(tmp_path).modules[0].available_languages == ["en", "es", "ru"]


def test_a_paragraph_left_in_latin_letters_in_a_russian_lesson(tmp_path):
    files = russian_files()
    files["ru/second-lesson.md"] = files["ru/second-lesson.md"].replace(
        "## Heading\n\n", "## Heading\n\nThis sentence was never translated into Russian.\n\n"
    )
    problem = only_problem(tmp_path, files)
    assert problem.endswith(
        "ru/second-lesson.md:8: text not in Cyrillic script, untranslated? "
        "'This sentence was never translated into Russian.'"
    )


def test_an_untranslated_quiz_option_in_a_russian_quiz(tmp_path):
    files = russian_files()
    files["ru/quiz.yaml"] = files["ru/quiz.yaml"].replace(
        "feedback: Нет, потому что A.", "feedback: No because A was wrong."
    )
    assert "ru/quiz.yaml:5: text not in Cyrillic script" in only_problem(tmp_path, files)


def test_english_left_in_a_translated_quiz_feedback(tmp_path):
    files = valid_files()
    feedback = " ".join(f"reason{n}" for n in range(12))
    files["en/quiz.yaml"] = files["en/quiz.yaml"].replace("Yes because B.", feedback)
    files["es/quiz.yaml"] = files["es/quiz.yaml"].replace("Yes because B.", f"Sí; {feedback}")
    problem = only_problem(tmp_path, files)
    assert "es/quiz.yaml:6: English left in the translation: 'reason0 reason1" in problem
