"""`lms translate`: Babel's own tools, configured for this project."""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

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
        "-k", "_l", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2",
        "-k", "lazy_npgettext:1c,2,3",
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
    for po_file in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        count = compile_catalogue(po_file, po_file.with_suffix(".mo"))
        click.echo(f"{po_file.relative_to(PACKAGE)}: {count} messages compiled")


def compile_catalogue(po_file: Path, mo_file: Path) -> int:
    """As `pybabel compile`, except that a plural entry with an empty form is left out, as an
    untranslated singular is: the page then shows the English text, never a blank."""
    with po_file.open("rb") as file:
        catalogue = read_po(file, locale=po_file.parent.parent.name)
    for message in list(catalogue)[1:]:
        if isinstance(message.string, tuple | list) and not all(message.string):
            catalogue.delete(message.id, context=message.context)
    with mo_file.open("wb") as file:
        write_mo(file, catalogue)
    return sum(1 for message in list(catalogue)[1:] if message.string and not message.fuzzy)
