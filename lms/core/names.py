"""People's names as the app prints them: on pages in any script, and on certificates, whose
fonts draw Latin, Cyrillic, Greek, Arabic and Korean. A name with a character no font can draw
(an emoji, a rare script) is refused where it is entered, with the characters named, rather than
printed with holes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).parent.parent / "certificates" / "fonts"
FONT_FILES = {
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoNaskhArabic": "NotoNaskhArabic-Regular.ttf",
    "NanumGothic": "NanumGothic.ttf",
}


@lru_cache(maxsize=1)
def printable_characters() -> frozenset[int]:
    """Every character one of the certificate's fonts can draw."""
    covered: set[int] = set()
    for filename in FONT_FILES.values():
        with TTFont(FONTS / filename, lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def unprintable(text: str) -> list[str]:
    """The characters of `text` no certificate font can draw, in order, each once."""
    found: list[str] = []
    for char in text:
        if ord(char) not in printable_characters() and not char.isspace() and char not in found:
            found.append(char)
    return found
