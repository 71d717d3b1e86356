"""How the packages depend on each other: the records layer at the bottom, no cycles between
capabilities, and no capability reaching into another's views."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import lms

ROOT = Path(lms.__file__).parent
PACKAGES = {path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file()}
VIEW_MODULES = ("views", "learner_views")


def imports() -> list[tuple[str, str]]:
    """(importing package, imported module path) for every import between our packages."""
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found += [(parts[0], name) for name in names if name.startswith("lms.")]
    return found


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for source, name in imports():
        target = name.split(".")[1]
        if target in PACKAGES and target != source:
            graph[source].add(target)
    return graph


def test_no_capability_imports_another_capabilitys_views():
    crossing = [
        (source, name)
        for source, name in imports()
        if len(name.split(".")) > 2
        and name.split(".")[2] in VIEW_MODULES
        and name.split(".")[1] != source
    ]
    assert crossing == []


def test_the_packages_depend_on_each_other_without_cycles():
    try:
        tuple(TopologicalSorter(package_graph()).static_order())
    except CycleError as cycle:
        raise AssertionError(f"import cycle between packages: {cycle.args[1]}") from None


def test_the_records_layer_stands_on_the_models_and_the_content_only():
    assert package_graph()["records"] <= {"models", "content"}
