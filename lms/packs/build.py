"""Build a module's packs in one language: an EPUB 3 book, one self-contained HTML file, and a
printable HTML file. Deterministic: the same content gives the same bytes, so a validator made
from the bytes stays the same across processes and restarts."""

from __future__ import annotations

import hashlib
import html
import io
import re
import uuid
import zipfile
from base64 import b64encode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from lms.content import Module
from lms.packs.contents import PackContents, pack_contents

KINDS = ("epub", "html", "print")
MIMETYPES = {"epub": "application/epub+zip", "html": "text/html", "print": "text/html"}
STYLES = Path(__file__).parent / "styles"
# Zip entries carry this time, not the build's, so the same content gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_VOID = re.compile(r"<(br|hr)>")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


@dataclass(frozen=True)
class PackFile:
    kind: str
    filename: str
    body: bytes
    modified: datetime  # when the module's files last changed

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.kind]

    @property
    def size(self) -> int:
        return len(self.body)

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.body).hexdigest()[:32]


def filename(module: Module, language: str, kind: str) -> str:
    stem = f"{module.number:02d}-{module.slug}-{language}"
    return {"epub": f"{stem}.epub", "html": f"{stem}.html", "print": f"{stem}-print.html"}[kind]


def build_pack(module: Module, language: str, kind: str) -> PackFile:
    """One pack, rendered in the pack's language with links on PUBLIC_URL (the same from a
    request, the command line or a job)."""
    app = current_app
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]), force_locale(language):
        quiz_url = url_for("quiz.take", slug=module.slug, lang=language, _external=True)
        pack = pack_contents(module, language, quiz_url)
        modified = last_modified(module)
        if kind == "epub":
            body = epub(pack, modified)
        else:
            body = document(pack, "screen.css" if kind == "html" else "print.css").encode()
    return PackFile(kind, filename(module, language, kind), body, modified)


def last_modified(module: Module) -> datetime:
    files = [path for path in Path(module.folder).rglob("*") if path.is_file()]
    latest = max((path.stat().st_mtime for path in files), default=0)
    return datetime.fromtimestamp(int(latest), UTC)


def stylesheet(name: str) -> str:
    return (STYLES / name).read_text(encoding="utf-8")


def style_hash(name: str) -> str:
    """The CSP source that lets exactly this inline stylesheet apply."""
    digest = hashlib.sha256(stylesheet(name).encode()).digest()
    return f"'sha256-{b64encode(digest).decode()}'"


def document(pack: PackContents, css: str) -> str:
    links = {
        "lesson": lambda lesson: f"#lesson-{lesson.number}",
        "reflection": "#reflection",
        "glossary": "#glossary",
        "quiz": "#quiz",
        "answers": "#answers",
    }
    return render_template(
        "packs/document.html",
        pack=pack,
        links=links,
        css=Markup(stylesheet(css)),  # noqa: S704 - our own file, in a <style> element
    )


def xhtml(fragment: str) -> Markup:
    """Sanitised HTML as XHTML: void elements closed, named entities as numbers."""

    def entity(match: re.Match) -> str:
        if match.group(1) in _XML_ENTITIES:
            return match.group()
        return "".join(f"&#{ord(char)};" for char in html.unescape(match.group()))

    return Markup(_ENTITY.sub(entity, _VOID.sub(r"<\1 />", str(fragment))))  # noqa: S704 - same markup, XML syntax


@dataclass(frozen=True)
class _Chapter:
    id: str
    href: str
    part: str
    title: str
    item: object = None


def _chapters(pack: PackContents) -> list[_Chapter]:
    return [
        _Chapter("front", "front.xhtml", "front", pack.title),
        *(
            _Chapter(
                f"lesson-{lesson.number}",
                f"lesson-{lesson.number}.xhtml",
                "lesson",
                lesson.title,
                lesson,
            )
            for lesson in pack.lessons
        ),
        _Chapter("reflection", "reflection.xhtml", "reflection", _("Reflection questions")),
        _Chapter("glossary", "glossary.xhtml", "glossary", _("Glossary")),
        _Chapter("quiz", "quiz.xhtml", "quiz", _("Self-check quiz")),
        _Chapter("answers", "answers.xhtml", "answers", _("Answers and feedback")),
    ]


def epub(pack: PackContents, modified: datetime) -> bytes:
    chapters = _chapters(pack)
    links = {
        "lesson": lambda lesson: f"lesson-{lesson.number}.xhtml",
        "reflection": "reflection.xhtml",
        "glossary": "glossary.xhtml",
        "quiz": "quiz.xhtml",
        "answers": "answers.xhtml",
    }
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"{pack.quiz_url}#{pack.version}")
    files = {
        "META-INF/container.xml": render_template("packs/container.xml"),
        "OEBPS/package.opf": render_template(
            "packs/package.opf",
            pack=pack,
            chapters=chapters,
            identifier=f"urn:uuid:{identifier}",
            modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        ),
        "OEBPS/style.css": stylesheet("epub.css"),
        "OEBPS/nav.xhtml": _chapter(pack, _Chapter("nav", "nav.xhtml", "nav", pack.title), links),
    }
    for chapter in chapters:
        files[f"OEBPS/{chapter.href}"] = _chapter(pack, chapter, links)
    return _zip(files)


def _chapter(pack: PackContents, chapter: _Chapter, links: dict) -> str:
    return render_template(
        "packs/chapter.xhtml",
        pack=pack,
        part=chapter.part,
        title=chapter.title,
        item=chapter.item,
        links=links,
    )


def _zip(files: dict[str, str]) -> bytes:
    """An EPUB container: the mimetype first and uncompressed, then everything compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entry = zipfile.ZipInfo("mimetype", _ZIP_TIME)
        archive.writestr(entry, "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, text in files.items():
            entry = zipfile.ZipInfo(name, _ZIP_TIME)
            archive.writestr(entry, text.encode(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def every_pack(modules: list[Module]) -> Iterator[tuple[Module, str, str]]:
    for module in modules:
        for language in module.available_languages:
            for kind in KINDS:
                yield module, language, kind
