"""A learner downloads a module's packs from its page, in their language, each link showing its
size; a repeat download is a 304 with no body."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lms.packs.sizes import file_size


def pack_links(html: str) -> dict[str, str]:
    """kind -> the link's text, from the module page."""
    return {
        kind: text
        for kind, text in re.findall(
            r'href="/modules/[^"]+/packs/[a-z]+/([a-z]+)"[^>]*>([^<]+)</a>', html
        )
    }


def test_the_module_page_links_the_three_packs_in_its_language_with_their_sizes(client, module1):
    page = client.get(f"/modules/{module1.slug}?lang=es").get_data(as_text=True)
    links = pack_links(page)
    assert set(links) == {"epub", "html", "print"}
    assert f"/modules/{module1.slug}/packs/es/epub" in page
    for kind, text in links.items():
        body = client.get(f"/modules/{module1.slug}/packs/es/{kind}").data
        assert file_size(len(body), "en") in text


def test_sizes_are_written_for_the_pages_language(client, module1):
    page = client.get(f"/modules/{module1.slug}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert re.search(r"\d+\s?ko\b", page), "French writes kilobytes as ko"


def test_a_repeat_download_is_a_304_without_body(client, module1):
    first = client.get(f"/modules/{module1.slug}/packs/en/epub")
    assert first.status_code == 200
    assert first.mimetype == "application/epub+zip"
    assert first.headers["Content-Disposition"].startswith("attachment;")
    assert first.headers["Last-Modified"]
    again = client.get(
        f"/modules/{module1.slug}/packs/en/epub", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.data == b""
    since = client.get(
        f"/modules/{module1.slug}/packs/en/html",
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code == 304


def test_the_same_content_gives_the_same_bytes_and_validator(app, make_app, client, module1):
    first = client.get(f"/modules/{module1.slug}/packs/ar/epub")
    other = make_app(dict(app.config), app.extensions["lms.catalogue"]).test_client()
    second = other.get(f"/modules/{module1.slug}/packs/ar/epub")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_the_printable_form_opens_in_the_browser_with_only_its_own_style_allowed(client, module1):
    response = client.get(f"/modules/{module1.slug}/packs/en/print")
    assert response.headers["Content-Disposition"].startswith("inline;")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'sha256-" in policy
    html = response.get_data(as_text=True)
    assert "@page" in html and "@media screen" in html


def test_a_language_the_module_is_not_in_or_an_unknown_kind_is_not_found(client, app):
    catalogue = app.extensions["lms.catalogue"]
    module2 = catalogue.get("decent-work-and-inclusion")
    assert not module2.is_available_in("ko")
    assert client.get(f"/modules/{module2.slug}/packs/ko/epub").status_code == 404
    assert client.get(f"/modules/{module2.slug}/packs/en/pdf").status_code == 404
    assert client.get("/modules/no-such-module/packs/en/epub").status_code == 404


def test_an_arabic_book_is_set_right_to_left(client, module1):
    book = zipfile.ZipFile(BytesIO(client.get(f"/modules/{module1.slug}/packs/ar/epub").data))
    assert book.namelist()[0] == "mimetype"
    assert book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    package = book.read("OEBPS/package.opf").decode()
    assert 'page-progression-direction="rtl"' in package
    assert "<dc:language>ar</dc:language>" in package
    assert "dcterms:modified" in package
    lesson = book.read("OEBPS/lesson-1.xhtml").decode()
    assert 'lang="ar" xml:lang="ar" dir="rtl"' in lesson
    assert not [
        name for name in book.namelist() if name.endswith((".ttf", ".otf", ".woff", ".woff2"))
    ]
