"""Password rules as NIST SP 800-63B puts them: long enough, no composition rules, and not one
that attackers try first (a list of common and breached passwords ships with the app)."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 256
_LIST = Path(__file__).parent / "data" / "common-passwords.txt.gz"
_DIGITS_AND_SYMBOLS = re.compile(r"^[\d\W_]*(.*?)[\d\W_]*$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    return frozenset(gzip.decompress(_LIST.read_bytes()).decode().split())


def weakness(password: str, *context: str) -> str | None:
    """Why a password will not do ("short", "common", "personal"), or None when it will.

    Common: on the list, a list word with digits or symbols around it ("password12"), one
    character repeated, or a run of the keyboard or the alphabet. Personal: built on the
    person's name or email (`context`).
    """
    if len(password) < MIN_LENGTH or not password.strip():
        return "short"
    lowered = password.lower()
    base = _DIGITS_AND_SYMBOLS.match(lowered).group(1)  # type: ignore[union-attr]
    if lowered in common_passwords() or (base and base in common_passwords()):
        return "common"
    if len(set(lowered)) <= 2 or _is_run(lowered):
        return "common"
    for word in context:
        for part in re.split(r"[\s@._-]+", word.lower()):
            if len(part) >= 4 and part in lowered and len(lowered) - len(part) < MIN_LENGTH:
                return "personal"
    return None


_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _is_run(text: str) -> bool:
    """A stretch of one keyboard row or of the alphabet or digits, forwards or backwards."""
    for run in _RUNS:
        for sequence in (run, run[::-1]):
            doubled = sequence * 3
            if len(text) <= len(doubled) and text in doubled:
                return True
    return False
