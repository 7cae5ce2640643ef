r"""Find the line of a TOML file that a validation error points at.

``tomllib`` keeps no positions, so this reads the text the way a person would: the n-th
``[[rule]]`` header, the n-th ``[[rule.example]]`` inside it, then the ``key =`` line.
It only has to be right for files that parsed, and falls back to the nearest enclosing
line it found. Text inside multi-line strings is blanked first, so a ``[[rule]]`` line in a
multi-line string is not taken for a header. Lines are counted as TOML counts them, at
``\n`` only.

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
>>> line_of('[[rule]]\nid = "a"\n[[rule.a.b.c]]\n', ("rule", 0, "a"))
3
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


# Multi-line strings, basic and literal: a match is the shortest that closes.
_MULTI_LINE = r'"""(?:\\[\s\S]|[^\\])*?"{3,5}|\'\'\'[\s\S]*?\'{3,5}'
# One match per bracket, multi-line string or quote that never closes (or the end of the
# text), with all that comes before it skipped in the same match: plain text, one-line
# strings and comments, each taken as a whole (a multi-line string is tried before a
# one-line one, so a `"""` that closes is never read as `""` and a quote). Only
# these few matches reach Python; newlines are counted from their offsets, and only where
# one is reported. Possessive skips: nothing skipped is ever read again.
_EVENT = re.compile(
    r'(?:[^"\'#\[\]{}]++'
    rf'|(?!{_MULTI_LINE})"(?:\\.|[^"\\\n])*+"'
    rf"|(?!{_MULTI_LINE})'[^'\n]*+'"
    r"|#[^\n]*+)*+"
    rf'(?:(?P<multi_line>{_MULTI_LINE})|(?P<open>[\[{{])|(?P<close>[\]}}])|(?P<unclosed>"""|\'\'\'|"|\')|\Z)'
)
# Where a line that may be a table header starts: blanks, then a bracket (as _HEADER needs).
_HEADER_START = re.compile(r"^[^\S\n]*\[", re.MULTILINE)


@dataclass(frozen=True)
class Scan:
    """What a quick read of TOML text finds before (or without) a parser.

    ``lines``: the text split at newlines, inside multi-line strings blanked;
    ``too_deep_line``: where arrays and inline tables first nest deeper than allowed;
    ``unclosed_line``: where a string, array or inline table opens that never closes.
    """

    lines: tuple[str, ...]
    too_deep_line: int | None
    unclosed_line: int | None

    @functools.cached_property
    def headers(self) -> tuple[tuple[int, str, bool], ...]:
        """``(line, name, is_array)`` of every table header, lines 1-based, in order.

        Only a line that starts with blanks and a bracket can be a header, so those lines
        are found in the text at once rather than trying the header pattern on every line.
        """
        text = "\n".join(self.lines)
        found: list[tuple[int, str, bool]] = []
        index, counted = 0, 0
        for match in _HEADER_START.finditer(text):
            index += text.count("\n", counted, match.start())
            counted = match.start()
            header = _header(self.lines[index])
            if header is not None:
                found.append((index + 1, *header))
        return tuple(found)


def scan(text: str, max_depth: int = 32) -> Scan:
    r"""Read ``text`` once for the lines and nesting of :class:`Scan`.

    >>> found = scan("a = '''\n[[rule]]\n'''\nb = [[1], [\nc = [[[[\n", max_depth=3)
    >>> found.lines[1], found.too_deep_line, found.unclosed_line
    ('        ', 5, 4)
    """
    return _scan(text, max_depth)  # one cache entry however max_depth is passed


@functools.lru_cache(maxsize=16)  # the loader scans each file once, then reads its headers
def _scan(text: str, max_depth: int) -> Scan:
    pieces: list[str] = []
    depth, last = 0, 0
    too_deep: int | None = None
    opened: list[int] = []  # where each bracket still open is, as an offset
    unclosed: int | None = None
    for match in _EVENT.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            opened.append(match.start(kind))
            if depth > max_depth and too_deep is None:
                too_deep = match.start(kind)
        elif kind == "close":
            depth = max(0, depth - 1)
            if opened:
                opened.pop()
        elif kind == "unclosed":
            unclosed = match.start(kind) if unclosed is None else unclosed
        elif kind == "multi_line":
            token = match.group(kind)
            pieces += [text[last : match.start(kind)], token[:3], re.sub(r"[^\n]", " ", token[3:-3]), token[-3:]]
            last = match.end(kind)
    pieces.append(text[last:])
    if unclosed is None and opened:
        unclosed = opened[0]
    return Scan(tuple("".join(pieces).split("\n")), _line_at(text, too_deep), _line_at(text, unclosed))


def _line_at(text: str, offset: int | None) -> int | None:
    """The 1-based line of ``offset`` in ``text`` (lines end at ``\\n`` only)."""
    return None if offset is None else text.count("\n", 0, offset) + 1


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


def _find_prefixed(lines: Sequence[str], start: int, end: int, name: str) -> int | None:
    for index in range(start, end):
        found = _header(lines[index])
        if found and found[0].startswith(name + "."):
            return index
    return None


def _key_line(lines: Sequence[str], start: int, end: int, key: str) -> int | None:
    bare = re.fullmatch(r"[A-Za-z0-9_-]+", key) is not None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*(=|\.)")
    for index in range(start, end):
        line = lines[index]
        if _header(line):
            break  # keys of this table come before its sub-tables
        if pattern.match(line) or (not bare and line.lstrip().startswith(('"', "'")) and _quoted_key(line) == key):
            return index
    return None


def _quoted_key(line: str) -> str | None:
    """The key a ``"quoted key" = value`` line sets, escapes read as TOML reads them."""
    import tomllib  # only an error in a quoted key asks: a load that succeeds never parses this way

    try:
        keys = list(tomllib.loads(line))
    except tomllib.TOMLDecodeError:
        return None
    return keys[0] if len(keys) == 1 else None


def array_table_lines(text: str, name: str) -> list[int]:
    r"""The 1-based line of every top-level ``[[name]]`` header, in order, in one pass.

    >>> array_table_lines('[[rule]]\nid = "a"\n[[rule.xref]]\n[[rule]]\n', "rule")
    [1, 4]
    """
    return [number for number, found, is_array in scan(text).headers if is_array and found == name]


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line that ``loc`` (a pydantic error location) points at, or ``None``."""
    lines = scan(text).lines
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
            if key_line is None and index is None:  # a table made implicitly by a longer header: [[rule.a.b.c]]
                key_line = _find_prefixed(lines, start, end, name)
            if key_line is not None:
                return key_line + 1
            return None if found is None else found + 1
        table, found, start, end = name, header, header, _end_of(lines, header, name)
    return None if found is None else found + 1
