"""Find the line of a TOML file that a validation error points at.

``tomllib`` keeps no positions, so this reads the text the way a person would: the n-th
``[[rule]]`` header, the n-th ``[[rule.example]]`` inside it, then the ``key =`` line.
It only has to be right for files that parsed, and falls back to the nearest enclosing
line it found.

>>> text = '''schema_version = 1
... [[rule]]
... id = "a"
... [[rule]]
... id = "b"
... when = { all = ["x"] }
... [[rule.xref]]
... uberon = "bad"
... '''
>>> line_of(text, ("rule", 1, "when", "all", 0))
6
>>> line_of(text, ("rule", 1, "xref", 0, "uberon"))
8
>>> line_of(text, ("rule", 0))
2
>>> line_of(text, ("schema_version",))
1
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


def _header(line: str) -> tuple[str, bool] | None:
    """``(name, is_array)`` if ``line`` is a table header."""
    match = _HEADER.match(line)
    if not match:
        return None
    return match.group(2).replace(" ", ""), match.group(1) == "[["


def _end_of(lines: Sequence[str], start: int, name: str) -> int:
    """Where the table ``name`` that starts at ``start`` ends: the next header outside it."""
    for index in range(start + 1, len(lines)):
        found = _header(lines[index])
        if found and not found[0].startswith(name + "."):
            return index
    return len(lines)


def _find_header(lines: Sequence[str], start: int, end: int, name: str, n: int, *, array: bool) -> int | None:
    seen = 0
    for index in range(start, end):
        if _header(lines[index]) == (name, array):
            if seen == n:
                return index
            seen += 1
    return None


def _key_line(lines: Sequence[str], start: int, end: int, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*(=|\.)")
    for index in range(start, end):
        if _header(lines[index]):
            break  # keys of this table come before its sub-tables
        if pattern.match(lines[index]):
            return index
    return None


def array_table_lines(text: str, name: str) -> list[int]:
    r"""The 1-based line of every top-level ``[[name]]`` header, in order, in one pass.

    >>> array_table_lines('[[rule]]\nid = "a"\n[[rule.xref]]\n[[rule]]\n', "rule")
    [1, 4]
    """
    return [number for number, line in enumerate(text.splitlines(), start=1) if _header(line) == (name, True)]


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line that ``loc`` (a pydantic error location) points at, or ``None``."""
    lines = text.splitlines()
    table, start, end = "", 0, len(lines)
    found: int | None = None
    parts = list(loc)
    while parts and isinstance(parts[0], str):
        key = str(parts.pop(0))
        name = f"{table}.{key}" if table else key
        index = int(parts.pop(0)) if parts and isinstance(parts[0], int) else None
        if index is not None:
            header = _find_header(lines, start, end, name, index, array=True)
        else:  # a table, an array of tables named without an index (an unknown one), or a key
            header = _find_header(lines, start, end, name, 0, array=False)
            if header is None:
                header = _find_header(lines, start, end, name, 0, array=True)
        if header is None:
            key_line = _key_line(lines, start + (found is not None), end, key)
            if key_line is not None:
                return key_line + 1
            return None if found is None else found + 1
        table, found, start, end = name, header, header, _end_of(lines, header, name)
    return None if found is None else found + 1
