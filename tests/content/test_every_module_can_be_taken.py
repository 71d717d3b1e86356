"""Every module in every language it is available in, from the first lesson to a passed quiz."""

from __future__ import annotations

import pytest
from markupsafe import escape

from lms.config import PROJECT_ROOT
from lms.content import load_catalogue
from tests.quiz.helpers import submit

VERSIONS = [
    (module.slug, language)
    for module in load_catalogue(PROJECT_ROOT / "content").modules
    for language in module.available_languages
]


@pytest.mark.parametrize(("slug", "language"), VERSIONS)
def test_a_module_from_first_lesson_to_passed_quiz(app, learner_client, slug, language):
    module = app.extensions["lms.catalogue"].get(slug)
    texts = module.texts[language]
    path = f"/modules/{slug}/lessons/{module.lesson_ids[0]}?lang={language}"
    for lesson_id in module.lesson_ids:
        page = learner_client.get(path).data.decode()
        assert f'<article class="lesson" lang="{language}"' in page
        assert str(escape(texts.lessons[lesson_id].title)) in page
        path = learner_client.post(
            f"/modules/{slug}/lessons/{lesson_id}/complete?lang={language}"
        ).headers["Location"]
    assert path.startswith(f"/modules/{slug}/quiz")
    result = submit(learner_client, module, right=len(module.quiz_key.questions), lang=language)
    page = learner_client.get(result.headers["Location"]).data.decode()
    assert "Passed." in page
    glossary = learner_client.get(f"/modules/{slug}/glossary?lang={language}").data.decode()
    assert glossary.count("<dt ") == len(texts.glossary)
