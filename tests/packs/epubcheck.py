"""Debian's EPUBCheck on many books. Starting its JVM takes most of the time (about 9 s a file on a
2-core machine), so every book is checked in one JVM by a small Java program (EpubCheckAll.java,
run from source, which needs the JDK's compiler module); without that module, one JVM a book,
as many at once as there are cores."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

JAR = Path("/usr/share/java/epubcheck.jar")
BATCH = Path(__file__).with_name("EpubCheckAll.java")
_RESULT = re.compile(r"^RESULT (.+) (valid|invalid)$")


def available() -> bool:
    return JAR.is_file() and shutil.which("java") is not None


def _java() -> str:
    return shutil.which("java") or "java"


def problems(books: list[Path]) -> dict[str, list[str]]:
    """Each book's error and fatal messages; a book with none maps to []."""
    if _can_run_source():
        return _in_one_jvm(books)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip((book.name for book in books), pool.map(_one, books), strict=True))


def _can_run_source() -> bool:
    modules = subprocess.run(
        [_java(), "--list-modules"], capture_output=True, text=True, check=False
    )
    return "jdk.compiler" in modules.stdout


def _in_one_jvm(books: list[Path]) -> dict[str, list[str]]:
    result = subprocess.run(
        [_java(), "-cp", str(JAR), str(BATCH), *map(str, books)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    found: dict[str, list[str]] = {}
    messages: list[str] = []
    for line in (result.stdout + result.stderr).splitlines():
        if match := _RESULT.match(line):
            name, verdict = Path(match.group(1)).name, match.group(2)
            found[name] = messages or (["EPUBCheck: invalid"] if verdict == "invalid" else [])
            messages = []
        elif line.startswith(("ERROR", "FATAL")):
            messages.append(line)
    missing = [book.name for book in books if book.name not in found]
    assert not missing, f"EPUBCheck did not report on {missing}: {result.stderr[-2000:]}"
    return found


def _one(book: Path) -> list[str]:
    result = subprocess.run(
        [_java(), "-jar", str(JAR), str(book)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = (result.stdout + result.stderr).splitlines()
    found = [line for line in lines if line.startswith(("ERROR", "FATAL"))]
    return found if found or result.returncode == 0 else [f"EPUBCheck exit {result.returncode}"]
