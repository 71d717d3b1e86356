"""Gzip bodies put together from pieces deflated once and values in stored blocks."""

from __future__ import annotations

import gzip

from lms.core.deflated import PiecedPage


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
