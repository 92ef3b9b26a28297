"""No import cycle among the modules of ``budgets``: no module imports, through any chain of
imports, a module that imports it back. Imports inside functions count too.

``lint-imports`` (``[tool.importlinter]`` in pyproject.toml) keeps the apps in their layers
and sibling packages from importing each other; it does not see a package's ``__init__``
importing one of its own modules that imports the package back. This test sees every cycle,
built on the same import graph (grimp, import-linter's own)."""

from itertools import pairwise

import grimp


def import_cycles(graph):
    """Each cycle once, as the modules along it, the first one again at the end."""
    cycles = {}
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycle = (module, *back)
                cycles.setdefault(frozenset(cycle), cycle)
    return list(cycles.values())


def described(graph, cycle):
    """``a (l.3) -> b (l.10) -> a``: each import with the line it is on."""
    steps = []
    for importer, imported in pairwise(cycle):
        lines = sorted(
            detail["line_number"]
            for detail in graph.get_import_details(importer=importer, imported=imported)
        )
        steps.append(f"{importer} (l.{', '.join(map(str, lines))})")
    return " -> ".join([*steps, cycle[-1]])


def test_no_import_cycles():
    graph = grimp.build_graph("budgets", cache_dir=None)
    cycles = import_cycles(graph)
    assert not cycles, "Import cycles:\n" + "\n".join(described(graph, c) for c in cycles)
