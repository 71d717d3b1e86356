"""The about page, the resource library and the module glossaries."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import escape

from lms import create_app
from lms.content.glossary import terms_in
from lms.content.model import GlossaryTerm
from tests.conftest import make_config


def test_about_page_states_where_the_texts_come_from_and_lists_the_modules(client, app):
    page = client.get("/about").data.decode()
    assert "content/modules/" in page
    assert page.count('class="card"') == 4
    assert "about 150 minutes" in page


def test_about_page_in_spanish(client):
    page = client.get("/about", headers={"Accept-Language": "es"}).data.decode()
    assert '<article class="lesson" lang="es" dir="ltr">' in page


def test_about_page_falls_back_to_english_marked_as_such(database_url, catalogue):
    english_only = replace(catalogue, about={"en": catalogue.about["en"]})
    client = create_app(make_config(database_url), english_only).test_client()
    page = client.get("/about", headers={"Accept-Language": "ko"}).data.decode()
    assert '<html lang="ko" dir="ltr">' in page
    assert '<article class="lesson" lang="en" dir="ltr">' in page


def test_the_library_lists_every_resource_with_year_users_and_description(client, app):
    library = app.extensions["lms.catalogue"].library
    page = client.get("/resources").data.decode()
    assert page.count('<li class="card">') == len(library.resources)
    for resource in library.resources:
        assert str(escape(resource.name)) in page
        assert str(escape(resource.description["en"])) in page


def test_the_library_filters_by_category_without_javascript(client, app):
    library = app.extensions["lms.catalogue"].library
    in_category = [r for r in library.resources if r.category == "cooperatives"]
    page = client.get("/resources?category=cooperatives").data.decode()
    assert page.count('<li class="card">') == len(in_category)
    assert 'href="/resources?category=social-enterprises"' in page
    assert client.get("/resources?category=nope").status_code == 404


def test_the_library_in_spanish(client, app):
    library = app.extensions["lms.catalogue"].library
    page = client.get("/resources", headers={"Accept-Language": "es"}).data.decode()
    assert str(escape(library.resources[0].description["es"])) in page


def test_each_module_links_to_the_library_as_where_to_go_next(client):
    page = client.get("/modules/sse-game-changer").data.decode()
    assert "Where to go next" in page
    assert 'href="/resources"' in page


def test_the_glossary_page_lists_the_terms_alphabetically(client, app):
    module = app.extensions["lms.catalogue"].get("sse-game-changer")
    page = client.get("/modules/sse-game-changer/glossary").data.decode()
    terms = sorted(module.texts["en"].glossary.values(), key=lambda t: t.term.casefold())
    positions = [page.index(f'id="term-{entry.id}"') for entry in terms]
    assert positions == sorted(positions)
    spanish = client.get("/modules/sse-game-changer/glossary?lang=es").data.decode()
    assert '<dl class="glossary" lang="es" dir="ltr">' in spanish


def test_lesson_pages_list_their_key_terms_with_links(learner_client, module1):
    lesson = module1.lesson_ids[0]
    page = learner_client.get(f"/modules/sse-game-changer/lessons/{lesson}").data.decode()
    assert "Key terms in this lesson" in page
    assert 'href="/modules/sse-game-changer/glossary#term-' in page


def test_terms_are_found_by_term_or_alias_as_whole_words():
    glossary = {
        "sse": GlossaryTerm("sse", "social and solidarity economy (SSE)", ("SSE",), "d"),
        "ica": GlossaryTerm("ica", "International Co-operative Alliance", ("ICA",), "d"),
        "coop": GlossaryTerm("coop", "cooperative", (), "d"),
    }
    found = terms_in("The Social and Solidarity Economy grows; ICAO is not ICA-like.", glossary)
    assert [entry.id for entry in found] == ["ica", "sse"]
    assert terms_in("Cooperatives everywhere", glossary) == []


def test_korean_terms_are_found_with_their_particles_attached():
    glossary = {"coop": GlossaryTerm("coop", "협동조합", (), "d")}
    assert terms_in("노동자들은 협동조합을 세웠습니다.", glossary, "ko") == [glossary["coop"]]
    assert terms_in("노동자협동조합을 세웠습니다.", glossary, "ko") == []  # inside another word


def test_a_term_inside_a_longer_term_is_not_counted_there():
    glossary = {
        "sse": GlossaryTerm("sse", "social and solidarity economy (SSE)", (), "d"),
        "se": GlossaryTerm("se", "solidarity economy", (), "d"),
    }
    assert [e.id for e in terms_in("The social and solidarity economy grows.", glossary)] == ["sse"]
    both = terms_in("The social and solidarity economy includes the solidarity economy.", glossary)
    assert [entry.id for entry in both] == ["sse", "se"]
