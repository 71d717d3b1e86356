"""Languages are listed in one stable order everywhere, by their own names, each marked with its
own language and direction."""

from __future__ import annotations

import re

from lms.i18n import INTERFACE_LANGUAGES, in_language_order, sort_key
from lms.languages import LANGUAGES


def by_own_name(codes) -> list[str]:
    return sorted(codes, key=lambda code: sort_key(LANGUAGES[code].native_name))


def test_the_one_order_is_by_the_languages_own_names():
    assert list(LANGUAGES) == by_own_name(LANGUAGES)
    assert list(INTERFACE_LANGUAGES) == by_own_name(INTERFACE_LANGUAGES)
    assert in_language_order(["ko", "ar", "xx", "es"]) == ["es", "ar", "ko", "xx"]


def test_the_switcher_lists_them_in_that_order(client):
    for accept in ("en", "ar", "ko"):
        page = client.get("/", headers={"Accept-Language": accept}).text
        buttons = re.findall(r'<button type="submit" name="language" value="(\w+)"', page)
        assert buttons == list(INTERFACE_LANGUAGES)


def test_the_account_form_offers_each_language_in_its_own_language_and_direction(learner_client):
    page = learner_client.get("/account").text
    options = re.findall(r'<option dir="(\w+)" lang="(\w+)"[^>]* value="(\w+)"', page)
    assert [code for _dir, _lang, code in options] == list(INTERFACE_LANGUAGES)
    assert all(lang == code and dir_ == LANGUAGES[code].direction for dir_, lang, code in options)
    assert ("rtl", "ar", "ar") in options


def test_a_modules_languages_follow_the_same_order(client, module1):
    page = client.get(f"/modules/{module1.slug}").text
    nav = page.split('class="content-languages"', 1)[1].split("</nav>", 1)[0]
    shown = re.findall(r' lang="(\w+)"', nav)
    assert shown == in_language_order(module1.languages)
