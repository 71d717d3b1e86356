"""The Nu Html Checker (vnu-jar from the npm registry, run on the machine's Java): the errors it
finds in HTML or XHTML files, each as "file:line: message"."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from lms.config import PROJECT_ROOT

VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def available() -> bool:
    return VNU_JAR.is_file() and shutil.which("java") is not None


def errors(paths: list[Path]) -> list[str]:
    """Checks every file in one Java start (it costs about a second); `.xhtml` files are read as
    XML."""
    java = shutil.which("java") or "java"  # the machine's Java, as available() found it
    result = subprocess.run(
        [
            java,
            "-Xss512k",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in messages
        if m.get("type") == "error"
    ]
