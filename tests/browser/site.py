"""The app as a real server for a browser: gunicorn with the shipped settings over a fresh SQLite
database made as `make run` makes it (`lms db upgrade`, `lms demo load`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lms.config import PROJECT_ROOT
from tests.production.stack import free_port, wait_for

BIN = Path(sys.executable).parent


@contextmanager
def running_site(folder: Path) -> Iterator[str]:
    """Yields the site's address, http://127.0.0.1:PORT, while it runs."""
    environment = {
        **os.environ,
        "LMS_INSTANCE_PATH": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'lms.sqlite3'}",
        "SECRET_KEY": "browser-test-secret",
    }
    environment.pop("REDIS_URL", None)
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [str(BIN / "lms"), *command], env=environment, check=True, capture_output=True
        )
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "python:lms.gunicorn_conf", "lms.wsgi:app"],
        env={**environment, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        cwd=PROJECT_ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
