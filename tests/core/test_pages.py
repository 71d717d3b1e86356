"""What every page shares: language and direction, security headers, assets, error pages."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.conftest import complete_lessons

PUBLIC_PAGES = ["/", "/modules/sse-game-changer", "/login", "/signup", "/no-such-page"]


def learner_pages(module) -> list[str]:
    slug = module.slug
    return [
        f"/modules/{slug}",
        f"/modules/{slug}/lessons/{module.lesson_ids[0]}",
        f"/modules/{slug}/quiz",
        f"/modules/{slug}/quiz/attempts",
        "/progress",
    ]


def test_pages_set_lang_and_dir(client):
    for path in PUBLIC_PAGES:
        assert b'<html lang="en" dir="ltr">' in client.get(path).data, path


def test_pages_load_nothing_from_other_hosts_and_have_no_inline_script(learner_client, module1):
    complete_lessons(learner_client, module1)
    for path in learner_pages(module1):
        page = learner_client.get(path).data.decode()
        assert "<script" not in page, path
        assert " style=" not in page, path
        assert not re.search(r'(src|href)="(https?:)?//', page), path


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_vary_by_cookie_and_encoding_each_named_once(client, learner_client, module1):
    lesson = f"/modules/{module1.slug}/lessons/{module1.lesson_ids[0]}"
    for browser, path in ((client, "/"), (client, "/login"), (learner_client, "/"),
                          (learner_client, lesson), (learner_client, "/account")):  # fmt: skip
        for _ in range(2):  # made, then from the page cache where it has one
            response = browser.get(path, headers={"Accept-Encoding": "gzip"})
            named = [name.strip().lower() for name in response.headers["Vary"].split(",")]
            assert sorted(named) == ["accept-encoding", "cookie"], (path, named)


def test_html_is_compressed_when_the_client_accepts_it(learner_client, module1):
    path = f"/modules/{module1.slug}/lessons/{module1.lesson_ids[0]}"
    response = learner_client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<article" in gzip.decompress(response.data)


def test_a_kept_page_is_sent_compressed_the_same_as_plain(learner_client, module1):
    """Kept deflated in pieces between what changes on every request (lms.core.deflated): the
    same page, valid gzip, whether rendered or kept; the quiz's one-time token new each time."""
    complete_lessons(learner_client, module1)
    slug = module1.slug
    paths = [f"/modules/{slug}/lessons/{module1.lesson_ids[0]}", f"/modules/{slug}", "/",
             f"/modules/{slug}/quiz", f"/modules/{slug}/quiz?lang=es"]  # fmt: skip
    token = re.compile(r'name="token" type="hidden" value="([^"]+)"')
    # signed with the time: a new second, a new CSRF token (in the header's forms too)
    csrf = re.compile(r'name="csrf_token"( type="hidden")? value="[^"]+"')
    for path in paths:
        plain = learner_client.get(path).text
        tokens = set()
        for _ in range(2):  # rendered, then from the page cache
            response = learner_client.get(path, headers={"Accept-Encoding": "gzip"})
            assert response.headers["Content-Encoding"] == "gzip"
            assert "Accept-Encoding" in response.headers["Vary"]
            page = gzip.decompress(response.data).decode()
            assert csrf.sub("", token.sub("", page)) == csrf.sub("", token.sub("", plain))
            tokens.update(found[1] for found in token.finditer(page))
        assert len(tokens) == (2 if "/quiz" in path else 0)


def test_static_files_have_fingerprinted_names_and_long_cache_lifetimes(client):
    page = client.get("/").data.decode()
    css = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert b"margin-inline" in gzip.decompress(response.data)
    etag = response.headers["ETag"]
    assert client.get(css, headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/static/style.css").status_code == 404


def test_static_files_name_their_type_and_charset_once(client):
    page = client.get("/").data.decode()
    css = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', page).group(1)
    icon = re.search(r'href="(/static/favicon\.[0-9a-f]{12}\.svg)"', page).group(1)
    assert client.get(css).headers["Content-Type"] == "text/css; charset=utf-8"
    assert client.get(icon).headers["Content-Type"] == "image/svg+xml"


@pytest.mark.parametrize(
    ("method", "path", "code", "text"),
    [
        ("get", "/no-such-page", 404, b"Page not found"),
        ("get", "/logout", 405, b"This address does not accept that kind of request."),
    ],
)
def test_error_pages_are_the_apps_own(client, method, path, code, text):
    response = getattr(client, method)(path)
    assert response.status_code == code
    assert text in response.data
    assert b'<html lang="en" dir="ltr">' in response.data


def test_server_errors_show_a_page_not_a_traceback(app):
    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", view_func=broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"Traceback" not in response.data
    assert b"a bug" not in response.data


def test_pages_fit_a_small_phone(client):
    assert b'name="viewport" content="width=device-width, initial-scale=1"' in client.get("/").data
