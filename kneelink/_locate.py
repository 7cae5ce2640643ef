"""Find the line of a TOML file that a validation error points at.

``tomllib`` keeps no positions, so this reads the text the way a person would: the n-th
``[[rule]]`` header, then the ``key =`` line inside it. It only has to be right for files
that parsed, and it falls back to the nearest enclosing line it found.

>>> text = '''schema_version = 1
... [[rule]]
... id = "a"
... [[rule]]
... id = "b"
... when = { all = ["x"] }
... '''
>>> line_of(text, ("rule", 1, "when", "all", 0))
6
>>> line_of(text, ("rule", 0))
2
>>> line_of(text, ("schema_version",))
1
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


def _key_line(lines: Sequence[str], start: int, end: int, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*(=|\.)")
    for index in range(start, end):
        if pattern.match(lines[index]):
            return index
    return None


def _section_end(lines: Sequence[str], start: int) -> int:
    for index in range(start + 1, len(lines)):
        match = _HEADER.match(lines[index])
        if match:
            return index
    return len(lines)


def _nth_header(lines: Sequence[str], name: str, n: int, *, array: bool) -> int | None:
    wanted = f"[[{name}]]" if array else f"[{name}]"
    seen = 0
    for index, line in enumerate(lines):
        if line.split("#", 1)[0].strip().replace(" ", "") == wanted:
            if seen == n:
                return index
            seen += 1
    return None


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line that ``loc`` (a pydantic error location) points at, or ``None``."""
    lines = text.splitlines()
    if not loc or not isinstance(loc[0], str):
        return None
    name = loc[0]
    is_array = len(loc) > 1 and isinstance(loc[1], int)
    if is_array:
        found = _nth_header(lines, name, int(loc[1]), array=True)
        rest = loc[2:]
    else:
        found = _nth_header(lines, name, 0, array=False)
        rest = loc[1:]
        if found is None:  # a top-level key, before the first table
            found = _key_line(lines, 0, _section_end(lines, -1), name)
            rest = ()
    if found is None:
        return None
    key = next((part for part in rest if isinstance(part, str)), None)
    if key is not None:
        inner = _key_line(lines, found + 1, _section_end(lines, found), key)
        if inner is not None:
            found = inner
    return found + 1
