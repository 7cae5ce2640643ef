"""The fuzz and mutation harness of issue 12, shared by the tests and runnable on its own.

The tests (``test_arbitrary_arguments.py``, ``test_mutated_pack_errors.py``) run a bounded sample and assert; run
as a script it runs a larger, fixed sample and prints how many calls were tried, how many
kneelink survived (an answer or a :class:`~kneelink.KneelinkError`) and how many failed
(any other exception, a hang), so the figures before and after a change can be compared::

    .venv/bin/python tests/support/hardening.py [--fuzz N] [--mutations all|N]

Values that would kill the process itself (``itertools.repeat``, ``range(10**7)``, a FIFO)
are not fuzzed in-process; ``test_reproducers_in_subprocess.py`` runs each of them in a subprocess.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import random
import re
import shutil
import signal
import sys
import tempfile
import tomllib
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kneelink
from kneelink._loader import default_rules_folder, read_pack

# --- Fuzz values -----------------------------------------------------------------------


class ReprRaises:
    """An object no message can quote: ``repr`` and ``str`` raise."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")

    def __str__(self) -> str:
        raise RuntimeError("str refused")


class IterRaises:
    """Looks iterable, and raises when iterated."""

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("iteration refused")


class HashRaises(str):
    """A string that cannot go into a set."""

    def __hash__(self) -> int:
        raise RuntimeError("hash refused")


class StrReprRaises(str):
    """A string subclass whose ``repr`` raises."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


def endless(value: object = "knee_pain") -> Iterator[object]:
    """An iterator that never ends (a Python generator, so a timeout can interrupt it)."""
    while True:
        yield value


class Timeout(BaseException):
    """A call ran longer than the harness allows: a hang."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def on_alarm(signum: int, frame: types.FrameType | None) -> None:
        signal.alarm(1)  # again, in case this one lands where exceptions are swallowed (a gc callback)
        raise Timeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _ids() -> list[str]:
    pack = kneelink.default_pack()
    return [*pack.symptoms, *pack.regions, *pack.content.contraindications]


IDS = _ids()
WEIRD_TEXT = [
    "",
    " ",
    "\x00",
    "knee_pain\x00",
    "\ud800",
    "knee_pain\n",
    " knee_pain ",
    "KNEE_PAIN",
    "é" * 50,
    "x" * 10_000,
    "../../etc/passwd",
    "left",
    "both",
    "rules",
]

atoms = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.text(max_size=30),
    st.text(st.characters(codec=None), max_size=10),
    st.binary(max_size=20),
    st.sampled_from(IDS),
    st.sampled_from(IDS).map(str.encode),
    st.sampled_from(WEIRD_TEXT),
    st.sampled_from([ReprRaises, IterRaises]).map(lambda make: make()),
    st.sampled_from(IDS).map(HashRaises),
    st.sampled_from(IDS).map(StrReprRaises),
    st.builds(endless, st.sampled_from([*IDS[:3], None, 1])),
    st.just(range(300)),
    st.from_type(object),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.lists(children, max_size=6).map(iter),
        st.lists(children, max_size=6).map(lambda items: (item for item in items)),
        st.frozensets(st.sampled_from([*IDS, *WEIRD_TEXT, 1, None, b"knee_pain"]), max_size=6),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
        st.tuples(children, children),
    )


values = st.recursive(atoms, _containers, max_leaves=12)
plausible_symptoms = st.one_of(
    st.lists(st.sampled_from(list(kneelink.default_pack().symptoms)), min_size=1, max_size=4), values
)
plausible_side = st.one_of(st.sampled_from([None, "left", "right", "both"]), values)
plausible_age = st.one_of(st.none(), st.integers(0, 120), values)
plausible_contraindications = st.one_of(st.just(()), st.just([("open_wound", "calf")]), values)
packs = st.one_of(st.none(), st.just("default"), values)


@dataclass
class Tally:
    """What happened to each call: the kneelink outcome, or what escaped."""

    tried: int = 0
    survived: int = 0
    escaped: collections.Counter[str] | None = None

    def __post_init__(self) -> None:
        self.escaped = collections.Counter()

    @property
    def failed(self) -> int:
        assert self.escaped is not None
        return sum(self.escaped.values())

    def record(self, call: Callable[[], object], seconds: int = 10) -> BaseException | None:
        """Make ``call``; return what escaped kneelink, or None if it survived."""
        assert self.escaped is not None
        self.tried += 1
        try:
            with time_limit(seconds):
                call()
        except kneelink.KneelinkError:
            pass
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            self.escaped[type(error).__name__] += 1
            return error
        self.survived += 1
        return None

    def line(self, what: str) -> str:
        kinds = ", ".join(f"{name} {count}" for name, count in sorted((self.escaped or {}).items()))
        return f"{what}: tried {self.tried}, survived {self.survived}, failed {self.failed}" + (
            f" ({kinds})" if kinds else ""
        )


def suggest_call(symptoms: object, side: object, age: object, contraindications: object, pack: object) -> None:
    chosen = kneelink.default_pack() if isinstance(pack, str) and pack == "default" else pack
    kneelink.suggest_regions(
        symptoms,  # type: ignore[arg-type]
        side=side,  # type: ignore[arg-type]
        age=age,  # type: ignore[arg-type]
        contraindications=contraindications,  # type: ignore[arg-type]
        pack=chosen,  # type: ignore[arg-type]
    )


def load_arguments() -> st.SearchStrategy[Any]:
    """Arguments for ``load_pack``: arbitrary values, and paths that are not packs."""
    return st.one_of(
        values,
        st.sampled_from(["", ".", "/nonexistent/kneelink", "rules", "/dev/null", "/etc/hostname"]),
        st.sampled_from(["", ".", "/nonexistent", "/dev/null"]).map(Path),
        st.text(max_size=20).map(lambda text: "/nonexistent/" + text),
        st.binary(max_size=10),
    )


# --- Mutations of the shipped pack ------------------------------------------------------

_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_]+)(\s*=\s*)(.+?)\s*$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[[a-z_]+\]\]\s*$")
_HEADER_LINE = re.compile(r"^\s*\[\[?[A-Za-z0-9_.]+\]\]?\s*$")


@dataclass(frozen=True)
class Mutant:
    """One rule file of the pack changed in one way; ``expect_line`` is the exact 1-based
    line an error must name when the mutation's own kind of error is raised."""

    file: str
    kind: str
    line: int
    data: bytes
    expect_code: str | None = None
    expect_line: int | None = None


def _top_level(lines: list[str]) -> list[bool]:
    """For each line, whether it starts outside every multi-line string and array."""
    result, in_string, depth = [], False, 0
    for line in lines:
        result.append(not in_string and depth == 0)
        if line.count('"""') % 2:
            in_string = not in_string
        if not in_string:
            bare = re.sub(r'"(\\.|[^"\\])*"', '""', line.split("#", 1)[0] if '"' not in line else line)
            depth += bare.count("[") - bare.count("]") if not _HEADER_LINE.match(line) else 0
    return result


def _retype(value: str) -> str | None:
    if value.startswith('"') and value.endswith('"') and value.count('"') == 2:
        return "12345"
    if re.fullmatch(r"-?\d+", value):
        return '"twelve"'
    if value in ("true", "false"):
        return '"yes"'
    if value.startswith("[") and value.endswith("]"):
        return '"not a list"'
    if value.startswith("{") and value.endswith("}"):
        return "[1, 2]"
    return None


def mutants_of(name: str, raw: bytes) -> Iterator[Mutant]:
    """Every mutation of one rule file, each at one line."""
    text = raw.decode("utf-8")
    lines = text.split("\n")
    top = _top_level(lines)

    def joined(new_lines: list[str]) -> bytes:
        return "\n".join(new_lines).encode("utf-8")

    def replaced(index: int, *new: str) -> bytes:
        return joined([*lines[:index], *new, *lines[index + 1 :]])

    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip():
            continue
        yield Mutant(name, "delete", number, joined(lines[:index] + lines[index + 1 :]))
        yield Mutant(name, "duplicate", number, replaced(index, line, line))
        encoded = line.encode("utf-8")
        middle = len(encoded) // 2
        broken = "\n".join(lines[:index]).encode() + (b"\n" if index else b"")
        broken += encoded[:middle] + b"\xff\xfe" + encoded[middle:] + b"\n" + "\n".join(lines[index + 1 :]).encode()
        yield Mutant(name, "invalid-bytes", number, broken, "not-text", number)
        key = _KEY_LINE.match(line)
        if top[index] and key and not line.lstrip().startswith("#"):
            indent, field, equals, value = key.groups()
            retyped = _retype(value)
            if retyped is not None:
                new = f"{indent}{field}{equals}{retyped}"
                yield Mutant(name, "retype", number, replaced(index, new), None, number)
            yield Mutant(
                name,
                "deep-nesting",
                number,
                replaced(index, f"{field} = " + "[" * 3000),
                "toml-syntax",
                number,
            )
            if _complete(line):
                yield Mutant(name, "duplicate-key", number, replaced(index, line, line), "toml-syntax", number + 1)
        if top[index] and line.count('"') == 2 and '"""' not in line and not line.lstrip().startswith("#"):
            cut = line.rindex('"')
            new = line[:cut] + line[cut + 1 :]
            yield Mutant(name, "unterminated", number, replaced(index, new), "toml-syntax", number)
        opens = key is not None and (key.group(4).count('"""') == 1 or key.group(4) in ("[", "{"))
        if top[index] and opens:
            # The file ends before what this line opens closes: TOML says "at end of document".
            yield Mutant(name, "cut-open", number, joined(lines[: index + 1]), "toml-syntax", number)
        if top[index] and _HEADER_LINE.match(line):
            extra = [*lines[: index + 1], "no_such_key = 1", *lines[index + 1 :]]
            yield Mutant(name, "unknown-key", number, joined(extra), "schema", number + 1)
    # A long dotted header at the end: its own line, not its parent's header.
    arrays = [
        line.strip() for index, line in enumerate(lines) if top[index] and re.match(r"^\s*\[\[[a-z_]+\]\]\s*$", line)
    ]
    if arrays:
        dotted = f"[[{arrays[-1].strip('[]')}.aa.bb.cc.dd.ee.ff]]"
        ending = lines[:-1] if lines and lines[-1] == "" else lines
        yield Mutant(
            name, "dotted-header", len(ending) + 1, joined([*ending, dotted, "x = 1", ""]), "schema", len(ending) + 1
        )
    # A multi-line string holding header-like text, then an unknown key after it: the
    # key's line must not shift.
    for index, line in enumerate(lines):
        key = _KEY_LINE.match(line)
        if key is None or key.group(2) not in ("label", "summary", "message", "description"):
            continue
        if top[index] and key.group(4).startswith('"') and key.group(4).count('"') == 2:
            indent, field, equals, _ = key.groups()
            later_headers = [other.strip() for other in lines[index + 1 :] if _HEADER_LINE.match(other)]
            # Fake headers of the kind the last table is: counting them would shift its line.
            fake = later_headers[-1] if later_headers else "[[rule]]"
            block = [f'{indent}{field}{equals}"""', fake, fake, "[pack]", 'id = "shadow"', '"""']
            new_lines = [*lines[:index], *block, *lines[index + 1 :]]
            later = [i for i in range(index + len(block), len(new_lines)) if _HEADER_LINE.match(new_lines[i])]
            if later:
                at = later[-1]
                new_lines = [*new_lines[: at + 1], "no_such_key = 1", *new_lines[at + 1 :]]
                yield Mutant(name, "string-with-headers", index + 1, joined(new_lines), "schema", at + 2)
            break


def _complete(line: str) -> bool:
    try:
        tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return False
    return True


def all_mutants(rules: Path) -> list[Mutant]:
    return [mutant for path in sorted(rules.glob("*.toml")) for mutant in mutants_of(path.name, path.read_bytes())]


def check_mutant(rules: Path, folder: Path, mutant: Mutant) -> str | None:
    """Load the pack with ``mutant`` in place; what is wrong with its errors, or None."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(rules, folder)
    (folder / mutant.file).write_bytes(mutant.data)
    try:
        with time_limit(20):
            content, problems = read_pack(folder)
    except kneelink.PackError as error:
        if isinstance(error, kneelink.RuleFileError):
            problems = [error]
        else:
            return None  # a pack-wide problem (no [pack] table) has no single line
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        return f"{type(error).__name__}: {str(error)[:200]}"
    for problem in problems:
        if not isinstance(problem, kneelink.RuleFileError):
            return f"not a RuleFileError: {problem!r}"
        if problem.line is None:
            return f"no line: {problem}"
        file_lines = problem.path.read_bytes().count(b"\n") + 1
        if not 1 <= problem.line <= file_lines:
            return f"line {problem.line} outside the file ({file_lines} lines): {problem}"
    if mutant.expect_line is not None:
        own = [
            problem
            for problem in problems
            if problem.path.name == mutant.file
            and (mutant.expect_code is None or problem.code == mutant.expect_code)
            and (mutant.kind != "retype" or problem.code == "schema")
        ]
        if mutant.kind == "retype":
            field = _KEY_LINE.match(mutant.data.decode().split("\n")[mutant.line - 1])
            own = [p for p in own if field and re.match(rf"`[^`]*\b{field.group(2)}`", p.problem)]
        wrong = [problem for problem in own if problem.line != mutant.expect_line]
        if wrong:
            return f"expected line {mutant.expect_line}: {wrong[0]}"
    if content is None and not problems:
        return "no content and no problem"
    return None


def run_mutations(mutants: list[Mutant], report: Callable[[Mutant, str], None] | None = None) -> Tally:
    tally = Tally()
    rules = Path(str(default_rules_folder()))
    assert tally.escaped is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pack"
        for mutant in mutants:
            tally.tried += 1
            failure = check_mutant(rules, folder, mutant)
            if failure is None:
                tally.survived += 1
            else:
                tally.escaped[mutant.kind] += 1
                if report:
                    report(mutant, failure)
    return tally


def sample(mutants: list[Mutant], count: int, seed: int = 12) -> list[Mutant]:
    """A fixed sample, every kind of mutation represented."""
    by_kind: dict[str, list[Mutant]] = collections.defaultdict(list)
    for mutant in mutants:
        by_kind[mutant.kind].append(mutant)
    chosen: list[Mutant] = []
    rng = random.Random(seed)
    per_kind = max(1, count // len(by_kind))
    for kind in sorted(by_kind):
        group = by_kind[kind]
        chosen += rng.sample(group, min(per_kind, len(group)))
    return chosen


# --- Running it as a script -------------------------------------------------------------


def run_fuzz(examples: int) -> tuple[Tally, Tally]:
    suggest, load = Tally(), Tally()
    fuzz_settings = settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )

    @fuzz_settings
    @given(plausible_symptoms, plausible_side, plausible_age, plausible_contraindications, packs)
    def fuzz_suggest(symptoms: object, side: object, age: object, contraindications: object, pack: object) -> None:
        suggest.record(lambda: suggest_call(symptoms, side, age, contraindications, pack))

    @fuzz_settings
    @given(load_arguments())
    def fuzz_load(argument: object) -> None:
        load.record(lambda: kneelink.load_pack(argument))  # type: ignore[arg-type]

    fuzz_suggest()
    fuzz_load()
    return suggest, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fuzz", type=int, default=2000, help="examples per fuzzed function")
    parser.add_argument("--mutations", default="all", help="'all' or how many to sample")
    parser.add_argument("--show", type=int, default=10, help="failures to print")
    args = parser.parse_args()
    if args.fuzz:
        suggest, load = run_fuzz(args.fuzz)
        print(suggest.line("fuzz suggest_regions"))
        print(load.line("fuzz load_pack"))
    mutants = all_mutants(Path(str(default_rules_folder())))
    if args.mutations != "all":
        mutants = sample(mutants, int(args.mutations))
    shown = itertools.count()

    def show(mutant: Mutant, failure: str) -> None:
        if next(shown) < args.show:
            print(f"  {mutant.file}:{mutant.line} {mutant.kind}: {failure}", file=sys.stderr)

    print(run_mutations(mutants, show).line("mutations of the shipped pack (failed by kind)"))


if __name__ == "__main__":
    main()
