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
    """Checks every file in one Java start (about a second); `.xhtml` files are read as XML."""
    java = shutil.which("java") or "java"
    # The checker's schema needs a deeper thread stack than Java's default.
    command = [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    result = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, timeout=300, check=False
    )
    if not result.stderr.lstrip().startswith("{"):  # the checker itself failed
        raise RuntimeError(f"the Nu checker did not run: {result.stderr[:500]}")
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in messages
        if m.get("type") == "error"
    ]
