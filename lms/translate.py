"""`lms translate`: Babel's own tools, configured for this project."""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

PACKAGE = Path(__file__).resolve().parent
TRANSLATIONS = PACKAGE / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"


def _pybabel(*args: str) -> None:
    TRANSLATIONS.mkdir(exist_ok=True)
    CommandLineInterface().run(["pybabel", "-q", *args])


@click.group()
def translate() -> None:
    """Interface translations (gettext catalogues under lms/translations/)."""


def extract_to(template: Path) -> None:
    _pybabel(
        "extract",
        "-F", str(PACKAGE / "babel.cfg"),
        "-k", "_l", "-k", "lazy_ngettext:1,2",
        "--no-location", "--sort-output",
        "--project", "SSE Academy", "--copyright-holder", "SSE Academy",
        "-o", str(template),
        str(PACKAGE),
    )  # fmt: skip


@translate.command()
def extract() -> None:
    """Collect every translatable string into messages.pot."""
    extract_to(TEMPLATE)


@translate.command()
def update() -> None:
    """Extract, then merge new strings into every language's catalogue."""
    extract_to(TEMPLATE)
    _pybabel("update", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


@translate.command()
@click.argument("language")
def init(language: str) -> None:
    """Start the catalogue of a new language."""
    extract_to(TEMPLATE)
    _pybabel("init", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "-l", language)


@translate.command()
def compile() -> None:
    """Compile every catalogue (.po) into the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
