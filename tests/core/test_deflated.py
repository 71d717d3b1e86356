"""Gzip bodies put together from pieces deflated once and values in stored blocks."""

from __future__ import annotations

import gzip
import random
import zlib

import pytest

from lms.core.deflated import PiecedPage, gzip_body, repeated, stored


def test_every_hole_is_filled_wherever_it_is():
    page = PiecedPage.of("<p>CSRF</p>PATH" * 50 + "CSRFCSRF", ["CSRF", "PATH"])
    values = {"CSRF": "token-1", "PATH": "/modules?x=1"}
    expected = "<p>token-1</p>/modules?x=1" * 50 + "token-1token-1"
    assert gzip.decompress(page.gzip(values)).decode() == expected
    assert page.text(values) == expected


def test_holes_left_unfilled_in_the_text_and_empty_values():
    page = PiecedPage.of("a H1 b H2 c", ["H1", "H2"])
    assert page.text({"H1": "one"}) == "a one b H2 c"
    assert gzip.decompress(page.gzip({"H1": "", "H2": ""})) == b"a  b  c"


def test_a_value_longer_than_a_stored_block_and_text_beyond_ascii():
    page = PiecedPage.of("مرحبا H 안녕", ["H"])
    value = "x" * 70_000 + "é"
    assert gzip.decompress(page.gzip({"H": value})).decode() == f"مرحبا {value} 안녕"


def test_a_page_without_holes_and_an_empty_page():
    assert gzip.decompress(PiecedPage.of("whole", []).gzip({})) == b"whole"
    assert gzip.decompress(PiecedPage.of("", []).gzip({})) == b""


@pytest.mark.parametrize(
    ("length", "distance"),
    [(3, 3), (91, 91), (258, 300), (259, 300), (260, 300), (261, 300), (700, 5000),
     (32, 32768), (1000, 1000)],
)  # fmt: skip
def test_a_value_sent_again_is_repeated_from_where_it_was_first(length, distance):
    value = bytes(random.Random(length).choices(b"abcdefghij0123456789-_", k=length))
    gap = b"x" * (distance - length)
    body = gzip_body([stored(value), stored(gap), repeated(distance, length)], [value, gap, value])
    assert gzip.decompress(body) == value + gap + value


def test_a_page_deflated_with_what_comes_before_is_about_as_small_as_deflated_whole():
    """As a page is laid out: two forms in the header (the CSRF token in each, the address in
    one), the lesson, a form at its end: within some 60 bytes of the page deflated at once,
    whatever the address's length."""
    form = '<form method="post"><input name="csrf_token" value="CSRF">{}</form>'
    lesson = "".join(
        f"<p>Paragraph {index}: a cooperative of {index * 7} members shares its surplus.</p>"
        for index in range(150)
    )
    page = (
        form.format('<input name="next" value="PATH"><select name="language"></select>')
        + form.format("<button>Log out</button>")
        + lesson
        + form.format("<button>Mark complete</button>")
    )
    pieced = PiecedPage.of(page, ["CSRF", "PATH"], level=9)
    for path in ("/modules/sse", "/modules/sse/lessons/what-is-sse?lang=es"):
        values = {"CSRF": "IjE5ZWU2NWQ4.aM8wg.m8xXw-67UKLJ_MDX1xTrCsAozGc", "PATH": path}
        filled = pieced.text(values).encode()
        whole = zlib.compressobj(9, zlib.DEFLATED, 31)
        expected = whole.compress(filled) + whole.flush()
        body = pieced.gzip(values)
        assert gzip.decompress(body) == filled
        assert len(body) <= len(expected) + 60


def test_text_holding_a_nul_is_deflated_without_a_dictionary():
    page = PiecedPage.of("abc\x00abcH\x00\x00abc", ["H"])
    assert gzip.decompress(page.gzip({"H": "\x00\x00"})) == b"abc\x00abc\x00\x00\x00\x00abc"
