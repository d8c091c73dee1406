"""The import graph of Facturo's own modules, read from the source without importing it.

Every module-level import counts, `TYPE_CHECKING` ones included; an import inside a function
is a *deferred* import and is reported apart, since it hides a dependency from the graph.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.paths import PROJECT_ROOT

PACKAGES = ("core", "addons")


@dataclass(frozen=True)
class Import:
    """One import statement of a module, resolved to a module of the project."""

    source: str
    target: str
    line: int
    deferred: bool
    """Inside a function (runs when the function does), not at module level."""


def module_name(path: Path, root: Path = PROJECT_ROOT) -> str:
    """`core/documents/models.py` → `core.documents.models`; a package's `__init__` → it."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = PROJECT_ROOT) -> dict[str, Path]:
    """Every module of the project's packages (tests left out), by name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "tests" not in path.relative_to(root).parts:
                found[module_name(path, root)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _statements(tree: ast.AST) -> Iterable[tuple[ast.Import | ast.ImportFrom, bool]]:
    def visit(node: ast.AST, deferred: bool) -> Iterable[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, deferred
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from visit(child, inner)

    return visit(tree, False)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """The imports of one module that reach another module of the project."""
    is_package = path.name == "__init__.py"
    found = []
    for node, deferred in _statements(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + is_package]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != name:
                found.append(Import(name, resolved, node.lineno, deferred))
    return found


def all_imports(root: Path = PROJECT_ROOT) -> list[Import]:
    """Every import between the project's modules."""
    modules = project_modules(root)
    return [item for name, path in modules.items() for item in imports_of(name, path, modules)]


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (each one a loop), sorted."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(groups)
