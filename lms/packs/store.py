"""Packs kept per process: built on first request, then served from memory. A key holds the
module's content hash and the public address written into the packs, so new content or a new
address makes new packs; the catalogue is immutable once loaded, so nothing else can change them."""

from __future__ import annotations

from threading import Lock

from flask import current_app

from lms.content import Module
from lms.packs.build import KINDS, PackFile, build_pack


class PackStore:
    def __init__(self) -> None:
        self._files: dict[tuple, PackFile] = {}
        self._lock = Lock()

    def get(self, module: Module, language: str, kind: str) -> PackFile:
        key = (module.slug, module.version, language, kind, current_app.config["PUBLIC_URL"])
        with self._lock:
            found = self._files.get(key)
        if found is None:
            # Built outside the lock: two first requests may both build; the bytes are the same.
            found = build_pack(module, language, kind)
            with self._lock:
                self._files[key] = found
        return found

    def all_kinds(self, module: Module, language: str) -> dict[str, PackFile]:
        return {kind: self.get(module, language, kind) for kind in KINDS}


def pack_store() -> PackStore:
    return current_app.extensions.setdefault("lms.packs", PackStore())
