"""Read the content folder into a Catalogue, collecting every problem with its file and line.

content/
  modules/<folder>/   one folder per module (see modules.py)
  resources.yaml      the resource library (see library.py)
  about/<lang>.md     the "About this course" page
  privacy/<lang>.md   the privacy notice, which names the deployment's data controller
  terminology.yaml    one term per concept per language (see terminology.py)
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from lms.content.library import load_library
from lms.content.model import Catalogue, ContentError, Module
from lms.content.modules import load_module
from lms.content.pages import load_pages
from lms.content.quality import check_module
from lms.content.reading import Report
from lms.content.terminology import load_terminology


def load_catalogue(content_dir: str | os.PathLike[str]) -> Catalogue:
    """Load and validate all the content; raise ContentError listing every problem."""
    root = Path(content_dir)
    modules_dir = root / "modules"
    report = Report()
    if not modules_dir.is_dir():
        report.add(modules_dir, 1, "the modules folder does not exist")
        raise ContentError(report.problems)
    modules = []
    for folder in sorted(path for path in modules_dir.iterdir() if path.is_dir()):
        module = load_module(folder, report)
        if module is not None:
            check_module(module, report)
            modules.append(module)
    _check_unique(modules, "number", modules_dir, report)
    _check_unique(modules, "slug", modules_dir, report)
    library = load_library(root / "resources.yaml", report)
    about = load_pages(root / "about", report)
    privacy = load_pages(root / "privacy", report)
    in_use = {code for module in modules for code in module.available_languages}
    terminology = load_terminology(root / "terminology.yaml", report, in_use)
    if report.problems:
        raise ContentError(report.problems)
    return Catalogue(
        modules=tuple(
            replace(module, version=folder_hash(modules_dir / Path(module.folder).name))
            for module in sorted(modules, key=lambda module: module.number)
        ),
        library=library,
        about=about,
        privacy=privacy,
        terminology=terminology,
        version=folder_hash(root),
    )


def folder_hash(folder: Path) -> str:
    """A short hash of every file under a folder, names and bytes: the content's version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _check_unique(modules: list[Module], attribute: str, root: Path, report: Report) -> None:
    seen: set[object] = set()
    for module in modules:
        value = getattr(module, attribute)
        if value in seen:
            report.add(root, 1, f"two modules share the {attribute} {value!r}")
        seen.add(value)
