"""The emulator's shape: one core, the same files in every simulated service, no import cycles.

Read from the source with ``ast`` (every ``import`` statement, ``TYPE_CHECKING`` ones too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import streamkit.testing

ROOT = Path(streamkit.testing.__file__).parent
PACKAGE = "streamkit.testing"
SERVICES = ("aws", "alibaba", "ec2")
SAME_FILES = {"__init__.py", "service.py", "protocol.py", "errors.py", "state.py", "settings.py",
              "controls.py", "operations/__init__.py", "operations/call.py"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                # "from a.b import c" names module a.b.c when c is one, else a.b
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return None
        for target in sorted(graph[node]):
            found = visit(target, [*path, node])
            if found:
                return found
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return None


def test_no_module_of_the_emulator_imports_itself_back() -> None:
    assert _cycle(_imports()) is None


def test_the_services_share_only_the_core() -> None:
    graph = _imports()
    for service in SERVICES:
        prefix = f"{PACKAGE}.{service}"
        foreign = {t for m, targets in graph.items() if m.startswith(prefix) for t in targets
                   if not t.startswith((prefix, f"{PACKAGE}.core"))}
        assert foreign == set(), service


def test_every_service_folder_has_the_same_files() -> None:
    for service in SERVICES:
        folder = ROOT / service
        files = {str(p.relative_to(folder)) for p in folder.rglob("*.py")}
        assert files >= SAME_FILES, service
