"""The package's shape: no import cycles (the layer contracts themselves are checked by
`lint-imports` in `./dev test`, configured in pyproject.toml)."""

from __future__ import annotations

import grimp


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("mkdocs_cjm_plugin")
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith("mkdocs_cjm_plugin"):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            # A package imports its own submodules from __init__; that is no cycle of code.
            if back and not imported.startswith(module + ".") and not module.startswith(
                imported + "."
            ):
                cycles.append((module, *back))
    assert cycles == []
