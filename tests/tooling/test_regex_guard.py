"""Every regular expression in kneelink, run on worst-case input of its input's largest size.

Python's ``re`` backtracks: a pattern such as ``\\s+(?:but)\\s+`` searched over a long run of
blanks costs time quadratic in its length (issue 22: the free-text age pattern took
seconds on the 5,000-character maximum). The patterns are found, not listed, so a new one
is covered without anyone remembering to add it: every compiled pattern a kneelink module
holds at module level (alone, or in a tuple, list or dict), and every string literal
passed to an ``re`` function in kneelink's source. Patterns built at call time from
arguments (``_locate``'s key pattern) and pydantic's field patterns (run by pydantic-core's
linear-time Rust engine) are not Python backtracking patterns at module level, and are left
out. Each pattern runs in its own process with a timeout, a memory cap and a time budget
per input.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import sys
import textwrap
from dataclasses import dataclass
from typing import Any

import pytest
from capped import run_capped

import kneelink
from kneelink._loader import MAX_FILE_BYTES
from kneelink._shape import MAX_PATH_LENGTH
from kneelink.interview._parse import MAX_TEXT

TIMEOUT = 120  # seconds for all of one pattern's inputs: a hang, not a slow machine
# The longest text each module's patterns are given: the free-text parser refuses more
# than MAX_TEXT, a shape path is at most MAX_PATH_LENGTH, and everything else reads rule
# files (at most MAX_FILE_BYTES each) or what is made from them.
SIZES = {"kneelink.interview._parse": MAX_TEXT, "kneelink._shape": MAX_PATH_LENGTH}
# Patterns known to be slow, each with the issue that fixes it (an xfail that must fail).
KNOWN_SLOW: dict[str, str] = {}


@dataclass(frozen=True)
class Found:
    name: str  # module.NAME, or module:line for a literal in a call
    module: str
    pattern: str
    flags: int


def _compiled(value: Any) -> list[re.Pattern[str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [pattern for item in value for pattern in _compiled(item) if not isinstance(item, (tuple, list, dict))]
    if isinstance(value, dict):
        return [pattern for item in value.values() for pattern in _compiled(item) if not isinstance(item, dict)]
    return []


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _literal_calls(module: Any) -> list[tuple[int, str, int]]:
    """``(line, pattern, flags)`` for each ``re.f("literal", ...)`` call in a module's source."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return []
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_FUNCTIONS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        flags = 0
        for argument in [*node.args[1:], *(keyword.value for keyword in node.keywords if keyword.arg == "flags")]:
            if (
                isinstance(argument, ast.Attribute)
                and isinstance(argument.value, ast.Name)
                and argument.value.id == "re"
            ):
                flag = getattr(re, argument.attr, None)
                if isinstance(flag, re.RegexFlag):
                    flags |= flag
        found.append((node.lineno, node.args[0].value, flags))
    return found


def discovered() -> list[Found]:
    """Every pattern in kneelink (see the module docstring), each once."""
    found: dict[tuple[str, int], Found] = {}
    for info in pkgutil.walk_packages(kneelink.__path__, "kneelink."):
        module = importlib.import_module(info.name)
        for name, value in sorted(vars(module).items()):
            for pattern in _compiled(value):  # a pattern imported from elsewhere is found there first
                found.setdefault(
                    (pattern.pattern, pattern.flags),
                    Found(f"{info.name}.{name}", info.name, pattern.pattern, pattern.flags),
                )
        for line, text, flags in _literal_calls(module):
            compiled = re.compile(text, flags)
            found.setdefault((compiled.pattern, compiled.flags), Found(f"{info.name}:{line}", info.name, text, flags))
    return sorted(found.values(), key=lambda f: f.name)


# Run in the child: worst cases built from the pattern's own characters and words, at
# `size`. Each is timed against the same text scanned by `(?s).`, a pattern that matches
# every character: a linear pattern costs a small multiple of that, a backtracking one
# grows with the square of the length or worse.
CHILD = """
import json, re, sys, time
given = json.loads(sys.stdin.read())  # JSON: a pattern may hold lone surrogates
pattern, size = re.compile(given["pattern"], given["flags"]), given["size"]
every_character = re.compile(r"(?s).")

def fill(unit, size):
    return (unit * (size // max(1, len(unit)) + 1))[:size]

def seconds(compiled, text):
    start = time.perf_counter()
    compiled.subn("", text)  # tries a match at every position, as search, findall and split do
    return time.perf_counter() - start

references = {}

def reference(text):
    # What `(?s).` takes depends on the length and on the widest character (Python keeps
    # a string in 1, 2 or 4 bytes a character), not on which characters they are.
    widest = max(text)
    kind = 1 if widest < "\\x80" else 2 if widest <= "\\uffff" else 4
    if kind not in references:
        references[kind] = seconds(every_character, text)
    return references[kind]

every_word = sorted(set(re.findall(r"[A-Za-z]{2,}", pattern.pattern)), key=len, reverse=True)
words = every_word[:12]
symbols = sorted(set(ch for ch in pattern.pattern if not ch.isalnum() and not ch.isspace()))
punctuation = [ch for ch in symbols if ch.isascii()] + [ch for ch in symbols if not ch.isascii()][:8]
cases = {
    "spaces": " " * size, "tabs": "\\t" * size, "newlines": "\\n" * size, "letters": "a" * size,
    "digits": "1" * size, "digits and spaces": fill("1 ", size), "words": fill("knee pain but ", size),
    "spaced ends": "x" + " " * (size - 2) + "x", "blanks then dash": fill(" -", size),
    "pattern's characters": fill("".join(punctuation) + "a1 ", size),
    "pattern's words": fill(" ".join(words) + " ", size),
}
for ch in punctuation:
    cases[f"{ch!r} repeated"] = ch * size
    cases[f"{ch!r} and blanks"] = fill(ch + " ", size)
for word in words:
    cases[f"{word!r} with blanks"] = fill(word + "  ", size)
for word in every_word:
    cases[f"{word!r}, long blanks, x"] = word + " " * (size - len(word) - 1) + "x"
results = []
for name, text in cases.items():
    results.append((seconds(pattern, text), reference(text), name))
print(json.dumps(results))
"""
# A pattern may take this many times what `(?s).` takes on the same text, or FLOOR
# seconds, whichever is more (on short texts both take microseconds).
FACTOR = 25
FLOOR = 0.1
PATTERNS = discovered()


def _param(found: Found) -> Any:
    marks = []
    if found.name in KNOWN_SLOW:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_SLOW[found.name]))
    return pytest.param(found, id=found.name, marks=marks)


def test_the_guard_finds_the_patterns_it_must() -> None:
    names = {found.name for found in PATTERNS}
    # One of each kind: compiled at module level, in a call, and in another subpackage.
    assert {"kneelink._locate._EVENT", "kneelink._escape.UNSAFE", "kneelink.interview._parse._TOKEN"} <= names
    assert any(name.startswith("kneelink._migrate:") for name in names)
    assert len(PATTERNS) >= 20


@pytest.mark.parametrize("found", [_param(found) for found in PATTERNS])
def test_every_pattern_is_fast_on_worst_case_input_of_its_largest_size(found: Found) -> None:
    size = SIZES.get(found.module, MAX_FILE_BYTES)
    done = run_capped(
        [sys.executable, "-c", textwrap.dedent(CHILD)],
        stdin=json.dumps({"pattern": found.pattern, "flags": found.flags, "size": size}),
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    slow = [
        f"{name!r}: {spent:.3f} s, {reference:.3f} s for `(?s).`"
        for spent, reference, name in json.loads(done.stdout)
        if spent > max(FLOOR, FACTOR * reference)
    ]
    assert not slow, f"{found.name} is slow on {size:,} characters of {', '.join(slow)}; pattern {found.pattern!r}"
