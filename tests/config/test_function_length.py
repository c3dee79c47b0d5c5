"""The house rule "no function over 80 lines without a reason in its docstring", checked over the
apps, scoring/ and the browser walks (docs/design.md): a long function's docstring says how long
it is and why it stays whole ("... about 100 lines, kept together because ...")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "config", "core", "org", "audit", "inbox", "calls", "scorecards", "autoscoring", "qa",
    "investigations", "scoring", "tests/e2e",
]  # fmt: skip
LIMIT = 80


def long_functions(source: str) -> list[tuple[str, int, int, str]]:
    """(name, first line, length, docstring) of every function over ``LIMIT`` lines, counted
    from ``def`` to its last line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > LIMIT:
                found.append((node.name, node.lineno, length, ast.get_docstring(node) or ""))
    return found


def test_the_check_finds_a_long_function_and_reads_its_reason():
    body = "\n".join(f"    x{i} = {i}" for i in range(85))
    silent = long_functions(f"def f():\n{body}\n")
    assert [(name, length) for name, _, length, _ in silent] == [("f", 86)]
    assert silent[0][3] == ""
    explained = long_functions(f'def f():\n    """About 87 lines: one table."""\n{body}\n')
    assert "lines" in explained[0][3]


def test_every_function_over_80_lines_says_why_in_its_docstring():
    unexplained = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for name, line, length, doc in long_functions(path.read_text(encoding="utf-8")):
                if "lines" not in doc:
                    unexplained.append(f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)")
    assert unexplained == [], "split these, or give the reason in the docstring"
