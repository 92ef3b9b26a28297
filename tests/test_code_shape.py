"""The readers stay readable: no function in a template family's package or in the shared
reading kit (``budgets/importers``) is longer than a screen. Complexity is held by ruff's
C901 (``[tool.ruff.lint.mccabe]`` in pyproject.toml) over the whole project."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "budgets"
READERS = [ROOT / "families", ROOT / "importers"]
MAX_LINES = 60


def functions_of(path):
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def reader_modules():
    return sorted(
        path
        for folder in READERS
        for path in folder.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def test_the_readers_are_found():
    modules = {path.relative_to(ROOT).as_posix() for path in reader_modules()}
    assert {"importers/pdf.py", "families/jiangsu/reader.py"} <= modules


@pytest.mark.parametrize("path", reader_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_reader_function_is_longer_than_a_screen(path):
    long = [
        f"{name} (line {line}): {length} lines"
        for name, line, length in functions_of(path)
        if length > MAX_LINES
    ]
    assert not long, long
