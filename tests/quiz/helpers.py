from __future__ import annotations

import re

from lms.content import Module


def quiz_fields(client, module: Module, lang: str | None = None) -> dict[str, str]:
    """The quiz page's hidden fields, as a browser sends them back: its one-time token and the
    language its questions are shown in."""
    query = f"?lang={lang}" if lang else ""
    page = client.get(f"/modules/{module.slug}/quiz{query}")
    assert page.status_code == 200, page.status_code
    found = re.findall(r'name="(token|language)" type="hidden" value="([^"]+)"', page.text)
    return dict(found)


def quiz_token(client, module: Module, lang: str | None = None) -> str:
    return quiz_fields(client, module, lang)["token"]


def answers(module: Module, right: int) -> dict[str, list[str]]:
    """Form data answering the first `right` questions correctly and the others wrongly."""
    data = {}
    for index, question in enumerate(module.quiz_key.questions):
        if index < right:
            chosen = sorted(question.correct)
        else:
            chosen = [next(o for o in question.options if o not in question.correct)]
        data[f"q-{question.id}"] = chosen
    return data


def submit(client, module: Module, right: int, token: str | None = None, lang: str | None = None):
    fields = {"token": token} if token else quiz_fields(client, module, lang)
    query = f"?lang={lang}" if lang else ""
    return client.post(
        f"/modules/{module.slug}/quiz{query}", data={**fields, **answers(module, right)}
    )
