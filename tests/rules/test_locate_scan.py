"""The quick read of TOML text (:func:`kneelink._locate.scan`) and the table lines found from
it: the same results as the simpler tokenizer they replaced, and one read per file a load.

The loader runs ``scan`` on every rule file before parsing it (nesting too deep, what never
closes) and reads the lines of every table from it, so its cost is part of every first
answer; the faster version must not change a line number or an error.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kneelink._loader import default_rules_folder, load_content, rule_files
from kneelink._locate import _HEADER, _header, _scan, array_table_lines, scan

# The tokenizer scan used until newlines stopped being tokens: the oracle here.
_OLD_TOKEN = re.compile(
    r'"""(?:\\[\s\S]|[^\\])*?"{3,5}|\'\'\'[\s\S]*?\'{3,5}|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*'
    r'|(?P<open>[\[{])|(?P<close>[\]}])|(?P<newline>\n)|(?P<unclosed>"""|\'\'\'|"|\')'
)


def old_scan(text: str, max_depth: int) -> tuple[tuple[str, ...], int | None, int | None]:
    pieces: list[str] = []
    line, depth, last = 1, 0, 0
    too_deep: int | None = None
    opened: list[int] = []
    unclosed: int | None = None
    for match in _OLD_TOKEN.finditer(text):
        token = match.group()
        if match.group("newline"):
            line += 1
        elif match.group("open"):
            depth += 1
            opened.append(line)
            if depth > max_depth and too_deep is None:
                too_deep = line
        elif match.group("close"):
            depth = max(0, depth - 1)
            if opened:
                opened.pop()
        elif match.group("unclosed"):
            unclosed = line if unclosed is None else unclosed
        elif token.startswith(('"""', "'''")):
            pieces += [text[last : match.start()], token[:3], re.sub(r"[^\n]", " ", token[3:-3]), token[-3:]]
            last = match.end()
            line += token.count("\n")
    pieces.append(text[last:])
    if unclosed is None and opened:
        unclosed = opened[0]
    return tuple("".join(pieces).split("\n")), too_deep, unclosed


def old_array_table_lines(text: str, name: str) -> list[int]:
    found = []
    for number, line in enumerate(scan(text).lines, start=1):
        match = _HEADER.match(line)
        if match and (match.group(2).replace(" ", ""), match.group(1) == "[[") == (name, True):
            found.append(number)
    return found


# Pieces that make the tokenizer's hard cases: quotes of every kind, escapes, brackets,
# comments, headers (spaced, commented, dotted, inside a string), blanks and line ends of
# every kind, in any order.
PIECES = [
    *('"', "'", '"""', "'''", "\\", "[", "]", "{", "}", "\n", "\r\n", "\r", "\x0c", "\u2028", "#", " ", "\t"),
    *("a", "=", "x = ", "[[rule]]", "[rule]", "[ [rule] ]", "[[ rule ]] # x", "[pack]", "[[rule.xref]]"),
    'x = "[[rule]]"',
]
toml_like = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400)
@given(toml_like, st.integers(min_value=0, max_value=5))
def test_scan_finds_what_the_old_tokenizer_found(text: str, max_depth: int) -> None:
    found = scan(text, max_depth)
    assert (found.lines, found.too_deep_line, found.unclosed_line) == old_scan(text, max_depth)


@given(toml_like)
def test_array_table_lines_are_the_headers_line_by_line(text: str) -> None:
    for name in ("rule", "rule.xref", "a"):
        assert array_table_lines(text, name) == old_array_table_lines(text, name)
    # Headers found from the lines that start with a bracket are those of every line.
    found = scan(text)
    assert list(found.headers) == [(n, *header) for n, line in enumerate(found.lines, 1) if (header := _header(line))]


def test_the_shipped_rule_files_scan_as_before() -> None:
    for item in rule_files(default_rules_folder()):
        text = item.read_text(encoding="utf-8")
        found = scan(text)
        assert (found.lines, found.too_deep_line, found.unclosed_line) == old_scan(text, 32)
        for kind in ("source", "symptom", "fact", "region", "red_flag", "contraindication", "rule", "example"):
            assert array_table_lines(text, kind) == old_array_table_lines(text, kind)


def test_loading_a_pack_reads_each_file_once() -> None:
    # The nesting check and the table lines share one scan per file: a default argument
    # given or left out must not make a second cache entry.
    _scan.cache_clear()
    content = load_content(default_rules_folder())
    assert _scan.cache_info().misses == len(content.files)
    assert scan("a = 1\n") is scan("a = 1\n", 32) is scan("a = 1\n", max_depth=32)
