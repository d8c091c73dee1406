"""The import graph has no loop, respects the layers, and its diagram in the docs is current.

`TYPE_CHECKING` imports count like the others. An import inside a function hides an edge
from that check, so it is allowed only in the modules `DEFERRED` lists, each with its
reason; the list is empty and should stay so.
"""

from __future__ import annotations

from core.tools import layers
from core.tools.imports import Import, all_imports, cycles

DEFERRED: dict[str, str] = {}


def module_level(imports: list[Import]) -> list[tuple[str, str]]:
    return [(item.source, item.target) for item in imports if not item.deferred]


def test_no_module_imports_another_in_a_loop() -> None:
    assert cycles(module_level(all_imports())) == []


def test_the_loop_finder_finds_a_loop_through_a_type_only_import() -> None:
    edges = [("core.app", "core.context"), ("core.context", "core.app"), ("core.db", "core")]
    assert cycles(edges) == [["core.app", "core.context"]]


def test_imports_inside_functions_are_only_where_listed() -> None:
    found = {item.source for item in all_imports() if item.deferred}
    assert sorted(found - set(DEFERRED)) == []
    assert sorted(set(DEFERRED) - found) == [], "no longer needed: take it off the list"


def test_no_import_reaches_a_layer_above_its_own() -> None:
    assert [f"{i.source}:{i.line} -> {i.target}" for i in layers.upward(all_imports())] == []


def test_core_never_imports_an_addon() -> None:
    assert [f"{i.source}:{i.line} -> {i.target}" for i in all_imports()
            if i.source.startswith("core") and i.target.startswith("addons")] == []


def test_the_database_layer_imports_no_business_module() -> None:
    assert [f"{i.source}:{i.line} -> {i.target}" for i in all_imports()
            if layers.layer_of(i.source).name == "database"
            and layers.layer_of(i.target).name not in ("database", "foundation")] == []


def test_the_layer_diagram_in_the_docs_is_current() -> None:
    assert not layers.update(check=True), "run `python -m core.tools.layers`"
