"""House rules of the source tree that a reviewer would otherwise check by hand.

>>> MAX_FUNCTION_LINES
50
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "repatcost"

MAX_FUNCTION_LINES = 50
"""Longest function or method allowed in src/, decorators excluded, docstring included."""


def function_lengths(source: str) -> dict[str, int]:
    """Lines of every function in ``source`` by qualified name (``Class.method``, nested
    functions as ``outer.inner``).

    >>> function_lengths("def f():\\n    return 1\\nclass C:\\n    def g(self): pass\\n")
    {'f': 2, 'C.g': 1}
    """
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = getattr(child, "name", "")
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                end = child.end_lineno if child.end_lineno is not None else child.lineno
                lengths[prefix + name] = end - child.lineno + 1
            visit(child, prefix + name + "." if name else prefix)

    visit(ast.parse(source), "")
    return lengths


def test_function_lengths_are_counted_per_function() -> None:
    """A nested function counts in its own right and in the function that holds it."""
    source = "def outer():\n    x = 1\n\n    def inner():\n        return x\n\n    return inner\n"
    assert function_lengths(source) == {"outer": 7, "outer.inner": 2}


def test_no_function_in_src_is_longer_than_the_house_allows() -> None:
    """Every function and method in src/ fits in MAX_FUNCTION_LINES lines."""
    long = {
        f"{path.relative_to(SRC)}:{name}": lines
        for path in sorted(SRC.rglob("*.py"))
        for name, lines in function_lengths(path.read_text(encoding="utf-8")).items()
        if lines > MAX_FUNCTION_LINES
    }
    assert not long, long
