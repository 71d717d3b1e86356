"""The whole path a newcomer takes, in Spanish: sign up, read module 1, fail, pass, see it done."""

from __future__ import annotations

import re

from markupsafe import escape

from tests.conftest import PASSWORD
from tests.quiz.helpers import submit

SPANISH = {"Accept-Language": "es-419,es;q=0.9"}


def test_a_spanish_speaker_completes_module_1(app, module1):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = SPANISH["Accept-Language"]

    signup = client.post(
        "/signup",
        data={"name": "Lucía", "email": "lucia@example.org", "password": PASSWORD,
              "confirm": PASSWORD},
    )  # fmt: skip
    assert signup.status_code == 302

    module_page = client.get("/modules/sse-game-changer").data.decode()
    assert '<html lang="es" dir="ltr">' in module_page
    assert module1.titles["es"] in module_page
    start = re.search(r'href="([^"]+)">Empezar</a>', module_page).group(1)

    path = start
    for position, lesson_id in enumerate(module1.lesson_ids, start=1):
        lesson = client.get(path).data.decode()
        assert f"Lección {position} de {len(module1.lesson_ids)}" in lesson
        assert '<article class="lesson" lang="es" dir="ltr">' in lesson
        done = client.post(f"/modules/sse-game-changer/lessons/{lesson_id}/complete")
        path = done.headers["Location"]
    assert path == "/modules/sse-game-changer/quiz"

    quiz = client.get(path).data.decode()
    assert escape(module1.texts["es"].quiz[module1.quiz_key.questions[0].id].prompt) in quiz

    fail = submit(client, module1, right=3)
    assert "Todavía no ha aprobado." in client.get(fail.headers["Location"]).data.decode()
    success = submit(client, module1, right=len(module1.quiz_key.questions))
    assert "Aprobado." in client.get(success.headers["Location"]).data.decode()

    progress = client.get("/progress").data.decode()
    assert "Completado" in progress
    assert "100" in progress
    assert "2 de 3" in progress  # attempts used
