"""Every interface string is translated in every interface language, and stays so."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from lms.i18n import INTERFACE_LANGUAGES
from lms.translate import TRANSLATIONS, extract_to

TRANSLATED = [code for code in INTERFACE_LANGUAGES if code != "en"]


def catalogue(code: str):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=code)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    template = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_to(template)
    with template.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_entry_is_untranslated_or_fuzzy(code):
    problems = []
    for message in catalogue(code):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_in_the_code_is_in_the_catalogue(code, extracted):
    known = {message.id for message in catalogue(code) if message.id}
    missing = [message.id for message in extracted if message.id and message.id not in known]
    assert missing == [], "run `lms translate update` and translate the new strings"


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match(code):
    errors = [
        f"{message.id!r}: {error}"
        for message, errors in catalogue(code).check()
        for error in errors
    ]
    assert errors == []


def test_the_spanish_interface_is_in_spanish(client):
    page = client.get("/", headers={"Accept-Language": "es"}).data.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert "Iniciar sesión" in page
    assert ">Log in<" not in page
