"""Static files with fingerprinted names, served gzipped and cached for a year."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    content_type: str  # the whole header value, charset included for text
    etag: str


class AssetStore:
    """Reads the static folder once; names change whenever a file's content does."""

    def __init__(self, folder: Path) -> None:
        self._by_url_name: dict[str, Asset] = {}
        self._url_names: dict[str, str] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            stem, dot, suffix = name.rpartition(".")
            url_name = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type in ("image/svg+xml",):
                content_type += "; charset=utf-8" if content_type.startswith("text/") else ""
                packed = gzip.compress(body, compresslevel=9, mtime=0)
                gzipped = packed if len(packed) < len(body) else None
            else:
                gzipped = None
            self._by_url_name[url_name] = Asset(body, gzipped, content_type, digest)
            self._url_names[name] = url_name

    def url_name(self, name: str) -> str:
        return self._url_names[name]

    def get(self, url_name: str) -> Asset | None:
        return self._by_url_name.get(url_name)

    def export(self, folder: Path) -> int:
        """Write every asset under its fingerprinted name, with a .gz beside it when that is
        smaller, for a reverse proxy to serve (nginx: gzip_static); returns how many."""
        for url_name, asset in self._by_url_name.items():
            path = folder / url_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(asset.body)
            if asset.gzipped is not None:
                path.with_name(path.name + ".gz").write_bytes(asset.gzipped)
        return len(self._by_url_name)
