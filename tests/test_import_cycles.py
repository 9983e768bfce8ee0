"""No new import cycle among the modules under src/ (issue 20, item 1).

Every import counts: at the top of a module, inside a function and under TYPE_CHECKING. A
module's import of its own parent package is not counted (Python runs the package first
whatever the module imports). Modules that import one another in a circle form a strongly
connected component of the import graph; the cycles not cut yet are listed in KNOWN, and the
test fails on any other cycle, on a module joining a known one, and on a known one that has
shrunk (so that the list is updated and cannot grow back unnoticed).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

KNOWN: tuple[frozenset[str], ...] = (
    # values, evidence and assumptions <-> the domain packs that declare their defaults
    frozenset(
        {
            "_guard",
            "_reader",
            "assumptions",
            "distributions",
            "domains",
            "estimators.base",
            "estimators.parts",
            "evidence",
            "model",
            "packs",
            "qualifiers",
        }
    ),
    # the study and what it builds on demand: its outputs, readings and typed report (Study
    # under TYPE_CHECKING in outputs and readings; StudyResult.report() imports the typed
    # report inside a function; audit, which the typed report reads, imports Study)
    frozenset({"audit", "outputs", "readings", "study", "study_report"}),
)
"""The cycles left, by module name under ``repatcost.`` (issue 20: to be cut)."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """The dotted names one import statement names (a ``from`` import: each name as a
    module when it is one, else its package)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = module.split(".") if is_package else module.split(".")[:-1]
            parts = parts[: len(parts) - node.level + 1]
            base = ".".join([*parts, *([base] if base else [])])
        yield from (f"{base}.{alias.name}" for alias in node.names)
        yield base


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules under src/ it imports anywhere in its text."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = list(_imported(node, module, is_package))
            if isinstance(node, ast.ImportFrom):  # the base only when no name is a module
                found = [n for n in names[:-1] if n in modules]
                names = found if len(found) == len(names) - 1 else [*found, names[-1]]
            for name in names:
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module and not module.startswith(name + "."):
                    graph[module].add(name)
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative).

    >>> sorted(sorted(c) for c in cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}))
    [['a', 'b']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def _short(component: frozenset[str]) -> frozenset[str]:
    return frozenset(m.removeprefix("repatcost.") for m in component)


def test_the_cycle_finder_finds_a_cycle_through_function_level_and_type_checking_imports(
    tmp_path,
) -> None:
    """A three-module circle closed by an import inside a function and one under
    TYPE_CHECKING is found, and a parent-package import is not a cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from repatcost.study import Study\n"
        "def f():\n    from repatcost import report_text\n"
    )
    tree = ast.parse(source)
    names = {n for node in ast.walk(tree) for n in _imported(node, "repatcost.x", False)}
    assert {"repatcost.study.Study", "repatcost.report_text"} <= names


def test_no_import_cycle_beyond_the_known_ones() -> None:
    found = [_short(c) for c in cycles(import_graph())]
    new = [sorted(c) for c in found if not any(c <= known for known in KNOWN)]
    assert new == [], f"new import cycle(s), counting imports inside functions: {new}"
    shrunk = [sorted(k - set().union(*found)) for k in KNOWN if not k <= set().union(*found)]
    assert shrunk == [], f"modules no longer in a known cycle; update KNOWN: {shrunk}"


def test_the_renderers_are_outside_every_cycle() -> None:
    """The typed result knows nothing of its renderers: no report module is in a cycle."""
    members = set().union(*(_short(c) for c in cycles(import_graph())))
    renderers = {"report", "report_html", "report_text", "report_outline", "report_answer"}
    assert members & renderers == set()
