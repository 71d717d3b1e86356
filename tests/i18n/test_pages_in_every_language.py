"""Every screen of the learner path in each interface language: lang, dir, and no English left."""

from __future__ import annotations

import re
from functools import cache
from html import unescape
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from lms.i18n import INTERFACE_LANGUAGES
from lms.languages import direction
from lms.translate import TRANSLATIONS
from tests.conftest import complete_lessons, log_in
from tests.quiz.helpers import submit

TRANSLATED = [code for code in INTERFACE_LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


class InterfaceText(HTMLParser):
    """The visible text of a page in the page's own language: elements whose `lang` differs
    (lesson content, language names) and the hidden form values are left out."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # True where this element is in another language
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        foreign = bool(self.stack and self.stack[-1]) or (lang not in (None, self.language))
        self.stack.append(foreign)

    def handle_endtag(self, tag) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, language: str) -> str:
        parser = cls(language)
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


@cache
def english_fragments(language: str) -> list[str]:
    """Pieces of English interface text that must not appear in a page in `language`."""
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file, locale=language)
    fragments = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            for piece in PLACEHOLDER.split(english):
                piece = piece.strip(" .,:·")
                # Short or unchanged pieces ("Email", a name) can be the same in both languages.
                if len(piece) >= 8 and " " in piece and all(piece not in s for s in strings):
                    fragments.append(piece)
    return fragments


def pages_of_the_learner_path(client, module) -> dict[str, str]:
    slug, lessons = module.slug, module.lesson_ids
    pages = {
        "catalogue": client.get("/").data.decode(),
        "module (public)": client.get(f"/modules/{slug}").data.decode(),
        "signup": client.get("/signup").data.decode(),
        "login": client.get("/login").data.decode(),
        "not found": client.get("/no-such-page").data.decode(),
        "in preparation": client.get("/modules/decent-work-and-inclusion").data.decode(),
    }
    pages["login errors"] = client.post("/login", data={"email": "x", "password": ""}).data.decode()
    log_in(client, "learner@example.org")
    complete_lessons(client, module, lessons[:1])
    pages["module"] = client.get(f"/modules/{slug}").data.decode()
    pages["lesson"] = client.get(f"/modules/{slug}/lessons/{lessons[1]}").data.decode()
    pages["locked quiz"] = client.get(f"/modules/{slug}", follow_redirects=True).data.decode()
    complete_lessons(client, module)
    pages["quiz"] = client.get(f"/modules/{slug}/quiz").data.decode()
    result = submit(client, module, right=1)
    pages["result"] = client.get(result.headers["Location"]).data.decode()
    pages["attempts"] = client.get(f"/modules/{slug}/quiz/attempts").data.decode()
    pages["progress"] = client.get("/progress").data.decode()
    pages["account"] = client.get("/account").data.decode()
    pages["method not allowed"] = client.get("/logout").data.decode()
    return pages


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_is_in_the_learners_language(client, make_user, module1, language):
    make_user(email="learner@example.org", locale=language)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    fragments = english_fragments(language)
    assert fragments, "no English interface strings to look for"
    for name, html in pages_of_the_learner_path(client, module1).items():
        assert f'<html lang="{language}" dir="{direction(language)}">' in html, name
        text = unescape(InterfaceText.of(html, language))
        left = [fragment for fragment in fragments if fragment in text]
        assert left == [], f"{name} ({language}) still shows English: {left}"


def test_the_checker_finds_english_when_it_is_there():
    html = '<html lang="es"><p>Mark as complete and continue</p><p lang="en">Lesson text</p></html>'
    text = InterfaceText.of(html, "es")
    assert "Mark as complete and continue" in text
    assert "Lesson text" not in text


def pages_of_a_cohort(client, cohort_id: int, learner_id: int, session_id: int) -> dict[str, str]:
    base = f"/cohorts/{cohort_id}"
    paths = {
        "cohorts": "/cohorts",
        "cohort": base,
        "edit cohort": f"{base}/edit",
        "learners": f"{base}/learners",
        "import": f"{base}/import",
        "progress grid": f"{base}/progress",
        "learner detail": f"{base}/learners/{learner_id}",
        "live sessions": f"{base}/sessions",
        "attendance": f"{base}/sessions/{session_id}/attendance",
        "announcements": f"{base}/announcements",
        "run-sheet": f"{base}/run-sheet",
        "admin": "/admin/facilitators",
        "join": "/join",
    }
    return {name: client.get(path).data.decode() for name, path in paths.items()}


@pytest.mark.parametrize("language", TRANSLATED)
def test_cohort_pages_are_in_the_facilitators_language(client, app, make_user, language):
    from sqlalchemy import select

    from lms.demo import load_demo
    from lms.extensions import db
    from lms.models import Cohort, LiveSession

    load_demo()
    cohort = db.session.scalar(select(Cohort))
    live = db.session.scalar(select(LiveSession))
    learner = make_user()
    from lms.cohorts import service

    service.enrol(cohort.id, learner.id)
    admin = make_user(role="admin", locale=language)
    service.add_facilitator(cohort, admin)
    db.session.commit()
    log_in(client, admin.email)
    fragments = english_fragments(language)
    pages = pages_of_a_cohort(client, cohort.id, learner.id, live.id)
    pages["completion report"] = client.get(f"/cohorts/{cohort.id}/report").data.decode()
    client.delete_cookie("session")  # a new visitor: nobody logged in, no messages left over
    learner_page = make_user(locale=language)
    service.enrol(cohort.id, learner_page.id)
    db.session.commit()
    log_in(client, learner_page.email)
    pages["learner's cohort"] = client.get(f"/my/cohorts/{cohort.id}").data.decode()
    pages["home with cohorts"] = client.get("/").data.decode()
    for name, html in pages.items():
        assert f'<html lang="{language}" dir="{direction(language)}">' in html, name
        text = unescape(InterfaceText.of(html, language))
        left = [fragment for fragment in fragments if fragment in text]
        assert left == [], f"{name} ({language}) still shows English: {left}"
