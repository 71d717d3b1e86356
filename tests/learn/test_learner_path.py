"""From the catalogue to a completed lesson; the module page; progress; languages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from lms.content.choice import choose_content_language
from lms.extensions import db
from lms.learn import service
from lms.models import LessonProgress
from lms.records.results import results_for
from tests.conftest import complete_lessons, make_config


def test_catalogue_lists_the_four_modules_and_their_languages(client, app):
    page = client.get("/").data.decode()
    assert page.count('class="card"') == 4
    modules = app.extensions["lms.catalogue"].modules
    for module in modules:
        # Modules still in preparation are listed but not linked.
        assert (f'href="/modules/{module.slug}"' in page) == module.is_available
    preparing = [module for module in modules if not module.is_available]
    assert page.count("In preparation</span>") == len(preparing)
    for name in ("العربية", "English", "Français", "한국어", "Português", "Русский", "Español",
                 "Kiswahili"):  # fmt: skip
        assert name in page


def test_module_page_is_public_and_lists_lessons_in_order(client, module1):
    page = client.get("/modules/sse-game-changer").data.decode()
    titles = [module1.texts["en"].lessons[lesson].title for lesson in module1.lesson_ids]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)
    assert ">Start</a>" in page


def test_unknown_module_and_lesson_are_404(learner_client):
    assert learner_client.get("/modules/nope").status_code == 404
    assert learner_client.get("/modules/sse-game-changer/lessons/nope").status_code == 404
    assert learner_client.get("/modules/follow-up-to-the-resolution/lessons/x").status_code == 404


def test_a_module_in_preparation_says_so(client, tmp_path, database_url, make_app):
    from tests.conftest import make_config
    from tests.content.builders import MODULE_YAML, valid_files, write_module

    files = valid_files()
    files["module.yaml"] = MODULE_YAML.replace(": available", ": in_preparation")
    write_module(tmp_path, files)
    app = make_app(make_config(database_url, CONTENT_DIR=str(tmp_path)))
    page = app.test_client().get("/modules/sample")
    assert page.status_code == 200
    assert b"This module is in preparation." in page.data
    assert b"/lessons/" not in page.data


def test_lessons_need_an_account(client):
    response = client.get("/modules/sse-game-changer/lessons/what-is-the-sse")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_lesson_page_shows_position_navigation_and_content_language(learner_client, module1):
    second = module1.lesson_ids[1]
    page = learner_client.get(f"/modules/sse-game-changer/lessons/{second}").data.decode()
    assert f"Lesson 2 of {len(module1.lesson_ids)}" in page
    assert f'href="/modules/sse-game-changer/lessons/{module1.lesson_ids[0]}"' in page
    assert f'href="/modules/sse-game-changer/lessons/{module1.lesson_ids[2]}"' in page
    assert '<article class="lesson" lang="en" dir="ltr">' in page
    assert "Mark as complete and continue" in page


def test_mark_as_complete_records_progress_and_goes_to_the_next_lesson(
    learner_client, learner, module1
):
    first, second = module1.lesson_ids[:2]
    response = learner_client.post(f"/modules/sse-game-changer/lessons/{first}/complete")
    assert response.headers["Location"] == f"/modules/sse-game-changer/lessons/{second}"
    assert results_for(learner.id, [module1])[module1.slug].completed_lessons == {first}


def test_the_last_lesson_leads_to_the_quiz(learner_client, module1):
    last = module1.lesson_ids[-1]
    response = learner_client.post(f"/modules/sse-game-changer/lessons/{last}/complete")
    assert response.headers["Location"] == "/modules/sse-game-changer/quiz"


def test_completing_twice_keeps_one_row(learner_client, learner, module1):
    first = module1.lesson_ids[0]
    for _ in range(2):
        learner_client.post(f"/modules/sse-game-changer/lessons/{first}/complete")
    rows = db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == learner.id))
    assert len(list(rows)) == 1


def test_mark_lesson_complete_is_race_safe(app, learner, module1):
    first = module1.lesson_ids[0]
    assert service.mark_lesson_complete(learner.id, module1, first) is True
    assert service.mark_lesson_complete(learner.id, module1, first) is False


def test_module_page_ticks_completed_lessons_and_resumes(learner_client, module1):
    complete_lessons(learner_client, module1, module1.lesson_ids[:2])
    page = learner_client.get("/modules/sse-game-changer").data.decode()
    assert page.count('class="tick"') == 2
    assert ">Resume</a>" in page
    resume = re.search(r'href="([^"]+)">Resume</a>', page).group(1)
    assert resume == f"/modules/sse-game-changer/lessons/{module1.lesson_ids[2]}"
    assert "2 of 5 lessons completed" in page


def test_progress_belongs_to_the_lesson_not_the_language(learner_client, learner, module1):
    first = module1.lesson_ids[0]
    learner_client.post(f"/modules/sse-game-changer/lessons/{first}/complete?lang=es")
    english = learner_client.get("/modules/sse-game-changer").data.decode()
    spanish = learner_client.get("/modules/sse-game-changer?lang=es").data.decode()
    assert english.count('class="tick"') == spanish.count('class="tick"') == 1


def test_the_next_lesson_keeps_the_language_the_texts_were_read_in(learner_client, module1):
    first, second = module1.lesson_ids[:2]
    base = "/modules/sse-game-changer/lessons"
    response = learner_client.post(f"{base}/{first}/complete?lang=es")
    assert response.headers["Location"] == f"{base}/{second}?lang=es"
    # Again for a lesson done before; a language the module is not in is not carried on.
    response = learner_client.post(f"{base}/{first}/complete?lang=xx")
    assert response.headers["Location"] == f"{base}/{second}"


def test_explicit_lang_shows_the_content_in_that_language(learner_client, module1):
    first = module1.lesson_ids[0]
    page = learner_client.get(f"/modules/sse-game-changer/lessons/{first}?lang=es").data.decode()
    assert '<article class="lesson" lang="es" dir="ltr">' in page
    assert module1.texts["es"].lessons[first].title in page
    # The interface stays in English, and links keep the content language.
    assert '<html lang="en" dir="ltr">' in page
    assert f"/lessons/{module1.lesson_ids[1]}?lang=es" in page


def test_content_follows_the_interface_language(client, learner, module1):
    client.post("/language", data={"language": "es", "next": "/"})
    client.post("/login", data={"email": learner.email, "password": "correct horse battery"})
    page = client.get(f"/modules/sse-game-changer/lessons/{module1.lesson_ids[0]}").data.decode()
    assert '<article class="lesson" lang="es" dir="ltr">' in page


def test_module_language_switcher_offers_only_published_languages(
    database_url, catalogue, module1, make_app
):
    preparing = replace(module1, languages={**module1.languages, "ar": "in_preparation"})
    others = tuple(module for module in catalogue.modules if module.number != 1)
    app = make_app(make_config(database_url), replace(catalogue, modules=(preparing, *others)))
    page = app.test_client().get("/modules/sse-game-changer").data.decode()
    assert 'href="/modules/sse-game-changer?lang=es"' in page
    assert "?lang=ar" not in page  # published, but still in preparation: not linked
    assert 'lang="ar" dir="rtl">العربية' in page
    assert "?lang=de" not in page


def test_progress_page_shows_status_lessons_score_and_date(learner_client, module1):
    complete_lessons(learner_client, module1, module1.lesson_ids[:1])
    page = learner_client.get("/progress").data.decode()
    assert "In progress" in page
    assert "1 of 5" in page
    assert "0 of 3" in page  # attempts used


def test_lesson_page_uses_a_fixed_number_of_queries(learner_client, module1, count_queries):
    complete_lessons(learner_client, module1, module1.lesson_ids[:3])
    statements = count_queries()
    learner_client.get(f"/modules/sse-game-changer/lessons/{module1.lesson_ids[3]}")
    first_count = len(statements)
    statements.clear()
    learner_client.get(f"/modules/sse-game-changer/lessons/{module1.lesson_ids[1]}")
    # The user, then their completed lessons and the opening dates of their cohorts in one read.
    assert first_count == len(statements) == 2
    # A learner's attempts, however many, cost the lesson page nothing: it shows none of them.
    assert not any("quiz_attempt" in statement for statement in statements)


def test_choose_content_language_rules(module1):
    choose = choose_content_language
    # A module published in English and Spanish only, whatever the course's content is today.
    module1 = replace(
        module1,
        languages={code: "available" if code in ("en", "es") else "in_preparation"
                   for code in module1.languages},
    )  # fmt: skip
    assert choose(module1, "es", "en").code == "es"
    assert choose(module1, None, "es").code == "es"
    fallback = choose(module1, None, "ar", ["ar", "es", "en"])
    assert (fallback.code, fallback.wanted, fallback.fallback) == ("es", "ar", True)
    assert choose(module1, "ko", "en").wanted == "ko"
    assert choose(module1, "xx", "en").code == "en"
    # After the browser's choices, the default language of the reader's cohorts.
    assert choose(module1, None, "ko", ["ko", "fr"], lambda: ["es"]).code == "es"
    asked = []
    choose(module1, None, "es", [], lambda: asked.append(1) or [])
    assert asked == []  # cohorts are looked up only when the module lacks the language


@pytest.mark.parametrize("code", ["ko", "sw"])
def test_a_module_not_in_the_reader_s_language_says_so_in_it(client, catalogue, code):
    """Modules 2 and 3 have no Korean or Swahili version: shown in the next language the browser
    asks for, with a notice in the reader's own language."""
    missing = [m for m in catalogue.modules if m.languages.get(code) != "available"]
    assert [m.number for m in missing] == [2, 3]
    for module in missing:
        page = client.get(
            f"/modules/{module.slug}", headers={"Accept-Language": f"{code},fr;q=0.8"}
        ).text
        assert f'<html lang="{code}"' in page
        assert '<p class="notice" role="status">' in page
        assert "This module is not available" not in page  # the notice is translated
        assert 'lang="fr"' in page  # the module's text, in the browser's next language


def test_the_title_is_in_the_readers_language_where_the_lessons_are_not_yet(
    tmp_path, database_url, make_app
):
    from tests.conftest import PASSWORD, make_config
    from tests.content.builders import valid_files, write_module

    write_module(tmp_path, valid_files())  # French: in preparation, with its French title
    app = make_app(make_config(database_url, CONTENT_DIR=str(tmp_path)))
    client = app.test_client()
    client.set_cookie("lang", "fr")
    title = '<h1 lang="fr" dir="ltr">Module d&#39;exemple</h1>'
    assert title in client.get("/modules/sample").data.decode()
    signup = {"name": "Léa", "email": "lea@example.org", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/signup", data=signup).status_code == 302
    for lesson_id in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample/lessons/{lesson_id}/complete")
    for path in ("/modules/sample/lessons/first-lesson", "/modules/sample/quiz"):
        page = client.get(path).data.decode()
        crumbs = page[page.index('<nav class="crumbs"') :].split("</nav>")[0]
        assert 'lang="fr" dir="ltr">Module d&#39;exemple</a>' in crumbs, path
        assert '<article class="lesson" lang="en"' in page or "quiz" in path
