"""Every pack of every module in every language passes its validator: EPUBCheck (Debian's package)
for the books, the Nu Html Checker for the HTML files. The packs are written by `lms content packs`,
as a facilitator would write them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from lms.cli import cli
from tests import nu
from tests.packs import epubcheck


@pytest.fixture(scope="module")
def packs_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("packs")


@pytest.fixture
def written(app, runner, packs_folder) -> Path:
    if not any(packs_folder.iterdir()):
        result = runner.invoke(cli, ["content", "packs", "--output", str(packs_folder)])
        assert result.exit_code == 0, result.output
    return packs_folder


def expected_names(app) -> set[str]:
    names = set()
    for module in app.extensions["lms.catalogue"].modules:
        for language in module.available_languages:
            stem = f"{module.number:02d}-{module.slug}-{language}"
            names |= {f"{stem}.epub", f"{stem}.html", f"{stem}-print.html"}
    return names


def test_the_command_writes_three_packs_for_every_module_in_every_language(app, written):
    assert {path.name for path in written.iterdir()} == expected_names(app)
    assert len(expected_names(app)) == 3 * 28  # 4 modules; 28 module-language versions


def test_every_epub_passes_epubcheck_with_no_error(written):
    assert epubcheck.available(), "install Debian's epubcheck package (see .ci/run)"
    books = sorted(written.glob("*.epub"))
    found = epubcheck.problems(books)
    assert len(found) == len(books) == 28
    assert {name: messages for name, messages in found.items() if messages} == {}


def test_every_html_pack_passes_the_nu_html_checker(written):
    assert nu.available(), "run `npm ci` (make test does) to install the Nu Html Checker"
    assert nu.errors(sorted(written.glob("*.html"))) == []


def test_epubcheck_reports_a_broken_book(tmp_path, written):
    """The check can fail: a book whose package names a chapter it does not hold is an error."""
    book = next(written.glob("*-en.epub"))
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            if entry.filename != "OEBPS/glossary.xhtml":
                target.writestr(
                    entry, source.read(entry.filename), compress_type=entry.compress_type
                )
    assert epubcheck.problems([broken])["broken.epub"] != []
