"""What a pack holds: a front page, the lessons in order, the reflection questions, the glossary,
and a self-check quiz with the feedback for every option at the end; nothing fetched from
anywhere."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from io import BytesIO

import pytest
from markupsafe import escape

from lms.packs.contents import reflection_of


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("language", ["en", "ar", "ko"])
def test_the_html_file_holds_the_whole_module_in_order(client, module1, language):
    html = client.get(f"/modules/{module1.slug}/packs/{language}/html").get_data(as_text=True)
    texts = module1.texts[language]
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    # The front page: title, language, version, where to take the graded quiz.
    front = html[: html.index('id="lesson-1"')]
    assert str(escape(module1.title(language))) in front
    assert module1.version in front
    assert f"http://127.0.0.1:5000/modules/{module1.slug}/quiz?lang={language}" in front
    # The lessons in order, each with its whole sanitised body.
    positions = [html.index(texts.lessons[lesson_id].html) for lesson_id in module1.lesson_ids]
    assert positions == sorted(positions)
    # Then the reflections, the glossary, the quiz and, last, the answers with every feedback.
    order = [html.index(f'id="{part}"') for part in ("reflection", "glossary", "quiz", "answers")]
    assert positions[-1] < order[0] and order == sorted(order)
    answers = text_of(html[order[3] :])
    for question in texts.quiz.values():
        for option in question.options.values():
            assert option.feedback in answers
    quiz = text_of(html[order[2] : order[3]])
    assert all(question.prompt in quiz for question in texts.quiz.values())
    assert not any(
        option.feedback in quiz for q in texts.quiz.values() for option in q.options.values()
    )
    glossary = text_of(html[order[1] : order[2]])
    assert all(term.definition in glossary for term in texts.glossary.values())


def test_each_lessons_reflection_question_is_gathered(client, module1):
    html = client.get(f"/modules/{module1.slug}/packs/en/html").get_data(as_text=True)
    reflections = html[html.index('id="reflection"') : html.index('id="glossary"')]
    lesson = module1.texts["en"].lessons["what-is-the-sse"]
    question = text_of(reflection_of(lesson.html))
    assert question and question in text_of(reflections)
    assert "Reflection" not in question and "Summary" not in question


def test_the_html_file_makes_no_request_and_runs_no_script(client, module1):
    html = client.get(f"/modules/{module1.slug}/packs/en/html").get_data(as_text=True)
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert " src=" not in html and "@import" not in html and "url(" not in html
    assert "<style>" in html  # inline: the file stands alone


def test_the_book_has_every_chapter_in_reading_order(client, module1):
    book = zipfile.ZipFile(BytesIO(client.get(f"/modules/{module1.slug}/packs/en/epub").data))
    package = book.read("OEBPS/package.opf").decode()
    spine = re.findall(r'<itemref idref="([^"]+)"', package)
    lessons = [f"lesson-{number}" for number in range(1, len(module1.lesson_ids) + 1)]
    assert spine == ["front", "nav", *lessons, "reflection", "glossary", "quiz", "answers"]
    assert module1.version in book.read("OEBPS/front.xhtml").decode()
