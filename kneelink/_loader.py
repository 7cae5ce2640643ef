"""Read a folder of rule files into one validated :class:`PackContent`.

Data flows one way: TOML text → :class:`~kneelink._schema.RuleFile` per file → the files
put together and cross-checked here → compiled by :mod:`kneelink.engines._compiler`. Any problem
raises :class:`~kneelink.RuleFileError` naming the file and line, before anything is built.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import hashlib
import os
import stat
import threading
import tomllib
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kneelink._errors import PackError, RuleFileError, closest, did_you_mean, excerpt
from kneelink._locate import array_table_lines, line_of, scan
from kneelink._schema import (
    CITE_PATTERN,
    ID_PATTERN,
    Code,
    Contraindication,
    Example,
    Fact,
    Intake,
    PackHeader,
    RedFlag,
    Region,
    Rule,
    RuleFile,
    Source,
    Symptom,
    cited_source,
)
from kneelink._wording import plain


@dataclass(frozen=True)
class Location:
    """A place in a rule file."""

    path: str
    line: int | None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class PackContent:
    """Every file of a pack, validated and put together; ids are unique and resolve."""

    header: PackHeader
    content_hash: str
    files: tuple[str, ...]
    sources: Mapping[str, Source]
    symptoms: Mapping[str, Symptom]
    facts: Mapping[str, Fact]
    regions: Mapping[str, Region]
    red_flags: Mapping[str, RedFlag]
    contraindications: Mapping[str, Contraindication]
    rules: tuple[Rule, ...]
    examples: tuple[Example, ...]
    locations: Mapping[tuple[str, str], Location] = field(repr=False)
    # The [[code]] tables of every file, in file order: (system, code) is unique.
    codes: tuple[Code, ...] = ()
    # How free text is read (rules/intake.toml); None in a pack without an [intake] table.
    intake: Intake | None = field(default=None, repr=False)

    def location(self, kind: str, id_: str) -> Location | None:
        """Where the ``kind`` table (``"rule"``, ``"region"``...) with id ``id_`` is defined."""
        return self.locations.get((kind, id_))

    @functools.cached_property
    def rule_positions(self) -> Mapping[str, int]:
        """Each rule's place in the pack, for choices that must not depend on firing order."""
        return types.MappingProxyType({rule.id: index for index, rule in enumerate(self.rules)})

    def rule(self, id_: str) -> Rule:
        """The rule with id ``id_``."""
        return self.rules[self.rule_positions[id_]]


_KINDS = ("source", "symptom", "fact", "region", "red_flag", "contraindication", "rule", "example")


@dataclass(eq=False)
class _ParsedFile:
    name: str
    path: str
    raw: bytes
    text: str
    content: RuleFile


# A rule file is at most this big (the shipped files are a few kilobytes each), and its
# arrays and inline tables nest at most this deep: more is not a rule file, and would
# take the TOML parser into a RecursionError.
MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 32


@dataclass(frozen=True)
class PackBudget:
    """How much one pack may hold in all, counted over its own files (not those of the pack
    it extends): rule ``files``, their ``bytes``, ``rules``, and ``conditions`` (the ids in
    the rules' ``all``, ``any`` and ``none``, and each ``age``). Past one, loading stops
    with a :class:`~kneelink.PackError` naming it; pass a larger budget to
    :func:`kneelink.load_pack` for a pack that needs more.

    The defaults hold a few times the largest generated pack benchmarks/bench_suggest.py
    loads (20,000 rules in 9 files, 3.3 MB, 45,000 conditions), and keep a pack built to
    exhaust memory or time from loading at all.

    >>> PackBudget().rules, PackBudget(rules=100_000).rules
    (50000, 100000)
    """

    files: int = 1_000
    bytes: int = 32_000_000
    rules: int = 50_000
    conditions: int = 200_000

    def __post_init__(self) -> None:
        for name in ("files", "bytes", "rules", "conditions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise PackError(f"PackBudget {name} must be a whole number, 1 or more; got {excerpt(value)}")

    def over(self, name: str, count: int, root: object) -> PackError:
        """The error for a pack at ``root`` holding ``count`` of ``name``, past its budget."""
        limit: int = getattr(self, name)
        return PackError(
            f"rule pack folder {str(root)!r} holds more than its budget of {limit:,} {name} "
            f"({count:,} so far); if the pack is meant to be this large, pass "
            f"budget=kneelink.PackBudget({name}=...) to load_pack"
        )


def is_rule_file_name(name: str) -> bool:
    """Whether a file named ``name`` in a pack folder is one of its rule files: ``*.toml``,
    except hidden files and editors' backups and locks (``.x.toml``, ``.#x.toml``, ``#x.toml#``,
    ``x.toml~``).

    >>> [is_rule_file_name(n) for n in ("chain.toml", ".chain.toml", ".#chain.toml", "#chain.toml#", "chain.toml~")]
    [True, False, False, False, False]
    """
    return name.endswith(".toml") and not name.startswith((".", "#")) and not name.endswith("~")


def rule_files(root: Traversable) -> list[Traversable]:
    try:
        if not root.is_dir():
            raise PackError(f"rule pack folder {str(root)!r} does not exist or is not a folder")
        items = list(root.iterdir())
    except OSError as error:
        raise PackError(f"rule pack folder {str(root)!r} cannot be read ({_why(error)})") from None
    files = sorted((item for item in items if is_rule_file_name(item.name)), key=lambda t: t.name)
    if not files:
        raise PackError(f"rule pack folder {str(root)!r} holds no .toml rule files")
    return files


def _why(error: OSError) -> str:
    return os.strerror(error.errno).lower() if error.errno else type(error).__name__


def read_rule_file(item: Traversable) -> bytes | RuleFileError:
    """The bytes of one rule file, read safely: a regular file, inside the pack folder (a
    symlink may point elsewhere in it), at most :data:`MAX_FILE_BYTES`. Never blocks on a
    FIFO or a device, never follows a link out of the folder, not even when the file is
    swapped for a link while it is being opened (see :func:`_open_inside`)."""
    path = str(item)
    try:
        # Inside an installed package (a zip, say) there are no links or FIFOs.
        raw = _read_from_disk(item) if isinstance(item, Path) else item.read_bytes()
    except _Refused as refused:
        return RuleFileError(path, None, refused.problem, code=refused.code)
    except OSError as error:
        return RuleFileError(path, None, f"cannot be read ({_why(error)})", code="unreadable")
    if len(raw) > MAX_FILE_BYTES:
        return RuleFileError(path, None, f"is larger than {MAX_FILE_BYTES:,} bytes", code="too-large")
    return raw


class _Refused(Exception):
    """A rule file that is not read: the ``problem`` to report, and its ``code``."""

    def __init__(self, problem: str, code: str) -> None:
        self.problem, self.code = problem, code


def _read_from_disk(item: Path) -> bytes:
    """:func:`read_rule_file` for a file on disk: at most one byte past the limit is read."""
    try:
        real = item.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        if isinstance(error, FileNotFoundError):
            why = "it is a symlink to nothing (a dangling link)"
        elif isinstance(error, RuntimeError) or error.errno == errno.ELOOP:
            why = "it is a symlink loop"
        else:
            why = _why(error)
        raise _Refused(f"cannot be read: {why}", "unreadable") from None
    folder = item.parent.resolve()
    if not real.is_relative_to(folder):
        raise _Refused("is a link to a file outside the pack folder; copy the file in instead", "outside-pack")
    descriptor, folder_device = _open_inside(item.parent, real.relative_to(folder).parts)
    try:
        _check_opened(os.fstat(descriptor), folder_device, folder == _own_folder())
    except _Refused:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


@functools.cache
def _own_folder() -> Path | None:
    """kneelink's own rule folder, resolved, where it is a folder on disk."""
    folder = default_rules_folder()
    return folder.resolve() if isinstance(folder, Path) else None


# O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# Opening relative to the folder's descriptor, refusing links at every step, is what
# makes the check race-free. Windows has neither dir_fd nor O_NOFOLLOW: there the
# resolved path is opened by name, so a file swapped for a link between the check and the
# open can still be read; the fstat checks below still refuse a hard link or a device.
_BY_DESCRIPTOR = hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd
_MOVED = "changed into a link while it was being read; nothing was read from it"


def _open_inside(folder: Path, parts: Sequence[str]) -> tuple[int, int | None]:
    """A descriptor of the file at ``parts`` under ``folder`` and the folder's device.

    ``parts`` is the file's resolved path relative to the folder, so no part of it is a
    link: each is opened relative to the one before with ``O_NOFOLLOW``, and one that has
    become a link since the path was resolved is refused instead of being followed."""
    if not _BY_DESCRIPTOR:
        return os.open(folder.joinpath(*parts), _READ_FLAGS), os.stat(folder).st_dev
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        device = os.fstat(directory).st_dev
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            flags = (
                _READ_FLAGS if last else os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
            ) | os.O_NOFOLLOW
            try:
                opened = os.open(part, flags, dir_fd=directory)
            except OSError as error:
                # ELOOP: the part is a link now; ENOTDIR: a folder became a link to a file.
                if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise _Refused(_MOVED, "outside-pack") from None
                raise
            os.close(directory)
            directory = opened
            if last:
                return opened, device
    except BaseException:
        os.close(directory)
        raise
    raise _Refused(_MOVED, "outside-pack")  # no parts: the folder itself (cannot happen for a file listed in it)


def _check_opened(facts: os.stat_result, folder_device: int | None, own: bool) -> None:
    """Refuse an opened rule file that is not a regular file of the pack folder. ``own``:
    the file is one of kneelink's own, which installers such as uv and conda hard-link from
    their caches."""
    mode = facts.st_mode
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise _Refused(f"is {kind}, not a regular file", "not-a-file")
    if folder_device is not None and facts.st_dev != folder_device:
        raise _Refused(
            "is on another file system than the pack folder (a mount inside it); copy the file in", "outside-pack"
        )
    if facts.st_nlink != 1 and not own:
        # A hard link makes a file outside the folder the same file as one inside it.
        raise _Refused(
            f"has {facts.st_nlink} hard links: it may be a file from outside the pack folder; copy it in instead",
            "outside-pack",
        )


def pack_folder(path: object) -> Traversable:
    """The folder a pack argument names: a non-empty ``str``, an ``os.PathLike`` of one,
    or a :class:`~importlib.resources.abc.Traversable`; anything else is a :class:`PackError`."""
    if isinstance(path, Path):
        return path
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if isinstance(path, str):
        if not path.strip():
            raise PackError('the rule pack folder is an empty path; name the folder ("." for the current one)')
        if "\0" in path:
            raise PackError(f"the rule pack folder {excerpt(path)} holds a NUL character")
        return Path(path)
    try:
        if isinstance(path, Traversable):  # a folder inside an installed package
            return path
    except Exception:
        pass
    raise PackError(
        f"a rule pack folder is a path (str or pathlib.Path), not {type(path).__name__} {excerpt(path)}"
        + ("; decode bytes first" if isinstance(path, bytes) else "")
    )


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that a location inside ``model`` points into."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap_model(annotation: object) -> object:
    """``tuple[Rule, ...]`` → ``Rule``; ``Citation | None`` → ``Citation``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None


_PATTERNS = {
    ID_PATTERN: "should be lowercase letters, digits and `_`, starting with a letter",
    r"\S": "cannot be blank",
    CITE_PATTERN: 'should be a source id, or a source id and a paragraph number, such as "nhs_dvt" or "article#6"',
}


def _owner(loc: Sequence[str | int], data: typing.Any) -> tuple[str, tuple[str | int, ...]]:
    """Which table ``loc`` points into, named as a rule author knows it (``rule 'x'``,
    ``[pack]``), and the rest of the location inside that table."""
    if len(loc) >= 2 and loc[0] in _KINDS and isinstance(loc[1], int):
        kind, index = str(loc[0]), loc[1]
        try:
            id_ = data[kind][index].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            id_ = None
        named = f"{kind} {id_!r}" if isinstance(id_, str) and id_ else f"{kind} #{index + 1}"
        return named, tuple(loc[2:])
    if len(loc) >= 2 and loc[0] == "pack":
        return "[pack]", tuple(loc[1:])
    return "", tuple(loc)


def _describe(error: typing.Any, data: typing.Any = None) -> str:
    loc = tuple(error["loc"])
    owner, rest = _owner(loc, data)
    # Keys come from the file: an odd one (long, or with control characters) is quoted as an excerpt.
    where = ".".join(
        str(part) if isinstance(part, int) or str(part).isidentifier() else excerpt(str(part), 40) for part in rest
    )
    if error["type"] == "extra_forbidden":
        model = _model_at(RuleFile, loc[:-1])
        valid = sorted(model.model_fields) if model else []
        hint = did_you_mean(closest(str(loc[-1]), valid))
        said = f"unknown key `{where}`{hint} (valid keys here: {', '.join(valid)})"
    else:
        said = plain(error, patterns=_PATTERNS)
        if where:
            said = f"`{where}`: {said}" if error["type"] == "value_error" else f"`{where}` {said}"
    return f"{owner}: {said}" if owner else said


def _parse(item: Traversable) -> tuple[_ParsedFile | None, list[RuleFileError]]:
    """One file, validated on its own: the parsed file, or every problem found in it."""
    path = str(item)
    raw = read_rule_file(item)
    if isinstance(raw, RuleFileError):
        return None, [raw]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8 text ({error.reason} at column {column}); save the file as UTF-8"
        return None, [RuleFileError(path, line, problem, code="not-text")]
    found = scan(text, MAX_NESTING)
    if found.too_deep_line is not None:
        problem = f"not a rule file: arrays or inline tables nested more than {MAX_NESTING} deep"
        return None, [RuleFileError(path, found.too_deep_line, problem, code="toml-syntax")]
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        where = _toml_error_line(str(error)) or found.unclosed_line
        return None, [RuleFileError(path, where, f"not valid TOML: {error}", code="toml-syntax")]
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version == 1:
        from kneelink._migrate import format_1_problems  # only for a file in the old format

        return None, [RuleFileError(path, line, problem, code="format-1") for line, problem in format_1_problems(text)]
    try:
        content = RuleFile.model_validate(data)
    except ValidationError as error:
        return None, [
            RuleFileError(path, _problem_line(text, problem), _describe(problem, data), code="schema")
            for problem in error.errors()
        ]
    return _ParsedFile(item.name, path, raw, text, content), []


def _problem_line(text: str, problem: typing.Any) -> int | None:
    line = line_of(text, problem["loc"])
    if line is None and problem["type"] == "missing" and len(problem["loc"]) == 1:
        return 1  # a key missing from the top of the file
    return line


def _toml_error_line(message: str) -> int | None:
    marker = "(at line "
    if marker not in message:  # "(at end of document)": the caller finds what never closed
        return None
    return int(message.split(marker, 1)[1].split(",", 1)[0].rstrip(")"))


class _Assembler:
    """Puts parsed files together, remembering where each definition came from.

    Problems are collected, not raised, so ``kneelink check`` can report them all;
    :func:`load_content` raises the first.
    """

    def __init__(self, parsed: list[_ParsedFile], base: list[_ParsedFile]) -> None:
        self.parsed = parsed
        self.base = base
        self.base_paths = {file.path for file in base}
        self.problems: list[RuleFileError] = []
        self.locations: dict[tuple[str, str], Location] = {}
        self.tables: dict[str, dict[str, typing.Any]] = {kind: {} for kind in _KINDS}
        self.places: dict[tuple[str, str], tuple[_ParsedFile, int]] = {}
        self.codes: list[tuple[_ParsedFile, int, Code]] = []

    def error(self, file: _ParsedFile, loc: Sequence[str | int], problem: str, code: str) -> None:
        self.problems.append(RuleFileError(file.path, line_of(file.text, loc), problem, code=code))

    def header(self) -> PackHeader | None:
        headers = [(file, file.content.pack) for file in self.parsed if file.content.pack is not None]
        if not headers:
            names = ", ".join(file.path for file in self.parsed)
            raise PackError(f"no rule file has a [pack] table with the pack's name and version ({names})")
        for second, _ in headers[1:]:
            self.error(
                second, ("pack",), f"a second [pack] table (the first is in {headers[0][0].path})", "second-pack-table"
            )
        return headers[0][1]

    def collect(self) -> None:
        for file in [*self.base, *self.parsed]:
            for kind, table in self.tables.items():
                items = getattr(file.content, kind)
                # One pass per file and kind: line_of per item would rescan the file each time.
                lines = array_table_lines(file.text, kind) if items else []
                for index, item in enumerate(items):
                    line = lines[index] if index < len(lines) else None
                    self.add(file, kind, index, item, table, Location(file.path, line))
            self.codes += [(file, index, code) for index, code in enumerate(file.content.code)]

    def add(
        self,
        file: _ParsedFile,
        kind: str,
        index: int,
        item: typing.Any,
        table: dict[str, typing.Any],
        where: Location,
    ) -> None:
        overrides = kind == "rule" and item.override
        if item.id in table and not overrides:
            first = self.locations[(kind, item.id)]
            if kind == "rule" and first.path in self.base_paths:
                hint = "; set `override = true` to replace it"
            else:
                hint = f"; rename one of them or remove one (ids of {kind}s must be unique)"
            self.error(
                file, (kind, index), f"{kind} id {item.id!r} is defined twice (first at {first}){hint}", "duplicate-id"
            )
            return
        if overrides and item.id not in table:
            self.error(
                file,
                (kind, index, "override"),
                f"rule {item.id!r} overrides nothing: no rule has that id",
                "bad-override",
            )
            return
        if (
            overrides
            and file.path not in self.base_paths
            and self.locations[(kind, item.id)].path not in self.base_paths
        ):
            self.error(
                file,
                (kind, index, "override"),
                f"rule {item.id!r} may override only a rule of the base pack",
                "bad-override",
            )
            return
        table[item.id] = item  # an override keeps the replaced rule's place in the order
        self.locations[(kind, item.id)] = where
        self.places[(kind, item.id)] = (file, index)

    def check_ids(self) -> None:
        symptoms, facts = self.tables["symptom"], self.tables["fact"]
        for clash in sorted(set(symptoms) & set(facts)):
            file, index = self.places[("fact", clash)]
            self.error(
                file,
                ("fact", index),
                f"{clash!r} is both a symptom and a derived fact; rename one (rules match facts by id)",
                "id-clash",
            )
        orders: dict[int, str] = {}
        for region in self.tables["region"].values():
            if region.order in orders:
                file, index = self.places[("region", region.id)]
                self.error(
                    file,
                    ("region", index),
                    f"region {region.id!r} has order {region.order}, as {orders[region.order]!r} does; "
                    "give each region its own place in the treatment order",
                    "order-clash",
                )
            orders[region.order] = region.id
        self.check_citations()
        for flag in self.tables["red_flag"].values():
            file, index = self.places[("red_flag", flag.id)]
            for region_id in flag.withhold:
                self.expect(file, ("red_flag", index, "withhold"), "region", region_id, self.tables["region"])
        known_facts = set(symptoms) | set(facts)  # once, not per rule: packs may have 20,000 rules
        for rule in self.tables["rule"].values():
            self.check_rule(rule, known_facts)
        for example in self.tables["example"].values():
            self.check_example(example)
        self.check_intake()
        self.check_codes()

    def intake(self) -> tuple[_ParsedFile, Intake] | None:
        """The pack's own [intake] table, else its base pack's (the last file holding one wins)."""
        held = [(file, file.content.intake) for file in [*self.base, *self.parsed] if file.content.intake]
        return held[-1] if held else None

    def check_intake(self) -> None:
        found = self.intake()
        if found is None:
            return
        file, intake = found
        symptoms, sources = self.tables["symptom"], self.tables["source"]
        for kind in ("state", "combination", "phrase", "medicine", "temperature", "angle"):
            for index, item in enumerate(getattr(intake, kind)):
                where = ("intake", kind, index)
                named = list(item.on.values()) if kind == "state" else [item.symptom]
                if kind == "angle" and item.straight is not None:
                    named.append(item.straight)
                for value in named:
                    self.expect(file, where, "symptom", value, symptoms)
                for cite in getattr(item, "cite", ()):
                    self.check_citation(file, (*where, "cite"), cite, sources)
        listed = {
            "implies": [id_ for finding, implied in intake.implies.items() for id_ in (finding, *implied)],
            "follow_ups": [id_ for pair in intake.follow_ups.items() for id_ in pair],
            "needs": [id_ for pair in intake.needs.items() for id_ in pair],
            "results": list(intake.results),
            "result_is": [id_ for finding, result in intake.result_is.items() for id_ in (finding, result.symptom)],
            "steps": [intake.steps.symptom] if intake.steps else [],
            "distance": [intake.distance.symptom] if intake.distance else [],
            "only_present": list(intake.only_present),
            "suspected": list(intake.suspected),
            "either": list(intake.either),
            "at_all": list(intake.at_all),
            "doubted_half": list(intake.doubted_half),
            "now_and_then": list(intake.now_and_then),
            "explained": list(intake.explained),
            "told": list(intake.told),
            "elsewhere": list(intake.elsewhere),
            "noises": list(intake.noises),
            "other_activity": list(intake.other_activity),
        }
        for key, values in listed.items():
            for value in values:
                self.expect(file, ("intake", key), "symptom", value, symptoms)
        for key, table in (("instead", intake.instead), ("taken_by", intake.taken_by)):
            for finding, other in table.items():
                for value in (finding, other.symptom):
                    self.expect(file, ("intake", key, finding), "symptom", value, symptoms)

    def check_codes(self) -> None:
        seen: dict[tuple[str, str], Location] = {}
        for file, index, code in self.codes:
            if code.symptom is not None:
                self.expect(file, ("code", index, "symptom"), "symptom", code.symptom, self.tables["symptom"])
            key = (code.system, code.code)
            if key in seen:
                problem = f"code {code.code!r} of {code.system} is mapped twice (first at {seen[key]}); keep one"
                self.error(file, ("code", index), problem, "duplicate-id")
            seen[key] = Location(file.path, line_of(file.text, ("code", index)))

    def expect(
        self,
        file: _ParsedFile,
        loc: Sequence[str | int],
        kind: str,
        value: str,
        valid: typing.Collection[str],
        why: str = "",
    ) -> None:
        if value not in valid:
            hint = did_you_mean(closest(value, valid))
            from kneelink._migrate import CHANGED_IN_3  # only on an error: it is not needed to load a pack

            if value in CHANGED_IN_3:
                hint = f": {CHANGED_IN_3[value]}"
            self.error(file, loc, f"unknown {kind} {value!r}{why}{hint}", "unknown-reference")

    def check_citations(self) -> None:
        sources: dict[str, Source] = self.tables["source"]
        # A citation that resolves once resolves everywhere (thousands of rules cite the
        # same few): check each such citation once; one that fails is reported at every use.
        resolved: set[str] = set()
        for kind in _KINDS:
            for item in self.tables[kind].values():
                cites = [(key, cite) for key in ("cite", "how_to_roll_cite") for cite in getattr(item, key, None) or ()]
                if not cites:
                    continue
                file, index = self.places[(kind, item.id)]
                for key, cite in cites:
                    if cite not in resolved and self.check_citation(file, (kind, index, key), cite, sources):
                        resolved.add(cite)

    def check_citation(
        self, file: _ParsedFile, loc: Sequence[str | int], cite: str, sources: Mapping[str, Source]
    ) -> bool:
        """Whether ``cite`` names a source of the pack (and a paragraph it declares); if
        not, the problem is recorded at ``loc``."""
        source_id, number = cited_source(cite)
        if source_id not in sources:
            hint = did_you_mean(closest(source_id, sources))
            problem = f"citation {cite!r} names no source of the pack{hint} (declare it in a [[source]] table)"
            self.error(file, loc, problem, "unknown-citation")
            return False
        declared = [paragraph.number for paragraph in sources[source_id].paragraph]
        if number is not None and number not in declared:
            listed = ", ".join(map(str, declared)) or "none"
            problem = (
                f"citation {cite!r}: source {source_id!r} declares no paragraph {number} "
                f"(its paragraphs: {listed}); add it as a [[source.paragraph]] with a paraphrase"
            )
            self.error(file, loc, problem, "unknown-citation")
            return False
        return True

    def check_rule(self, rule: Rule, known_facts: typing.Collection[str]) -> None:
        file, index = self.places[("rule", rule.id)]
        symptoms, facts = self.tables["symptom"], self.tables["fact"]
        regions, flags = self.tables["region"], self.tables["red_flag"]
        for value in rule.when.positive_ids:
            self.expect(file, ("rule", index, "when"), "symptom or fact", value, known_facts)
        for value in rule.when.none:
            why = " (`none` may name reported symptoms only, not derived facts)" if value in facts else ""
            self.expect(file, ("rule", index, "when"), "symptom", value, symptoms, why)
        for value in rule.derive:
            why = " (rules derive facts; symptoms are only reported)" if value in symptoms else ""
            self.expect(file, ("rule", index, "derive"), "fact", value, facts, why)
        for key in ("suggest", "withhold"):
            for value in getattr(rule, key):
                self.expect(file, ("rule", index, key), "region", value, regions)
        if rule.red_flag is not None:
            self.expect(file, ("rule", index, "red_flag"), "red flag", rule.red_flag, flags)

    def check_example(self, example: Example) -> None:
        file, index = self.places[("example", example.id)]
        tables = self.tables
        for answers in ("symptoms", "absent", "unknown"):
            for value in getattr(example, answers):
                self.expect(file, ("example", index, answers), "symptom", value, tables["symptom"])
        for kind, region in example.contraindications:
            where = ("example", index, "contraindications")
            self.expect(file, where, "contraindication", kind, tables["contraindication"])
            self.expect(file, where, "region", region, tables["region"])
        expect = example.expect
        for key, table in (
            ("regions", "region"),
            ("primary", "region"),
            ("withheld", "region"),
            ("red_flags", "red_flag"),
            ("fired", "rule"),
        ):
            for value in getattr(expect, key) or ():
                self.expect(file, ("example", index, "expect"), table.replace("_", " "), value, tables[table])


def _hash(files: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return "sha256:" + digest.hexdigest()


def default_rules_folder() -> Traversable:
    """Where the default pack's rule files are.

    An installed wheel carries them as ``kneelink/rules``. In a source checkout (an
    editable install) they are the repository's top-level ``rules/`` folder.
    """
    packaged = files("kneelink") / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


# Pauses under way (loads and batches), and whether the cyclic garbage collector was on
# when the first began.
_pauses_under_way = 0
_collector_was_on = False
_pauses_lock = threading.Lock()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a pack is read and built, or a batch
    of reports answered.

    Both make hundreds of thousands of objects (parsed tables, models and compiled rules;
    answers) that all stay alive; each full collection while they are being made walks
    every one of them again, a large share of a big pack's load and of a long batch
    (``benchmarks/bench_batch.py`` measures the batch's). Nothing is freed later than it would
    be: the collector is on again as soon as the last pause under way ends (if it was on
    when the first began), and the next collection finds any cycle left behind.

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _pauses_under_way, _collector_was_on
    with _pauses_lock:
        if _pauses_under_way == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _pauses_under_way += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses_under_way -= 1
            if _pauses_under_way == 0 and _collector_was_on:
                gc.enable()


def _parse_all(
    items: Sequence[Traversable], budget: PackBudget, root: object
) -> tuple[list[_ParsedFile], list[RuleFileError]]:
    """Every file parsed, each checked on its own; the pack's totals are checked against
    ``budget`` after each file, so a pack far over it stops early."""
    if len(items) > budget.files:
        raise budget.over("files", len(items), root)
    parsed: list[_ParsedFile] = []
    problems: list[RuleFileError] = []
    size = rules = conditions = 0
    for item in items:
        file, found = _parse(item)
        problems += found
        if file is None:
            continue
        parsed.append(file)
        size += len(file.raw)
        if size > budget.bytes:
            raise budget.over("bytes", size, root)
        rules += len(file.content.rule)
        if rules > budget.rules:
            raise budget.over("rules", rules, root)
        conditions += sum(_conditions(rule) for rule in file.content.rule)
        if conditions > budget.conditions:
            raise budget.over("conditions", conditions, root)
    return parsed, problems


def _conditions(rule: Rule) -> int:
    when = rule.when
    return len(when.all) + len(when.any) + len(when.none) + (when.age is not None)


def read_pack(
    root: Traversable | Path, *, budget: PackBudget | None = None
) -> tuple[PackContent | None, list[RuleFileError]]:
    """Read, validate and cross-check every ``*.toml`` file in ``root``.

    Returns the content, or ``None`` and every problem found. A pack with ``extends =
    "default"`` is read on top of kneelink's own. A pack over ``budget`` (default
    :class:`PackBudget`'s) raises :class:`~kneelink.PackError`.
    """
    if budget is None:
        budget = PackBudget()
    elif not isinstance(budget, PackBudget):
        raise PackError(f"budget= takes a kneelink.PackBudget or None, not {type(budget).__name__} {excerpt(budget)}")
    with collection_paused():
        parsed, problems = _parse_all(rule_files(root), budget, root)
        if problems:
            return None, problems
        assembler = _Assembler(parsed, base=[])
        header = assembler.header()
        if header is not None and header.extends is not None:
            base_folder = default_rules_folder()
            base_parsed, base_problems = _parse_all(rule_files(base_folder), PackBudget(), base_folder)
            if base_problems:
                return None, base_problems
            assembler = _Assembler(parsed, base=base_parsed)
        assembler.collect()
        if not assembler.problems:
            assembler.check_ids()
        if assembler.problems or header is None:
            return None, assembler.problems
        every_file = [*assembler.base, *parsed]
        tables = assembler.tables
        regions = dict(sorted(tables["region"].items(), key=lambda pair: pair[1].order))
        content = PackContent(
            header=header,
            content_hash=_hash(
                [(("base/" if file in assembler.base else "") + file.name, file.raw) for file in every_file]
            ),
            files=tuple(file.path for file in every_file),
            sources=types.MappingProxyType(dict(tables["source"])),
            symptoms=types.MappingProxyType(dict(tables["symptom"])),
            facts=types.MappingProxyType(dict(tables["fact"])),
            regions=types.MappingProxyType(regions),
            red_flags=types.MappingProxyType(dict(tables["red_flag"])),
            contraindications=types.MappingProxyType(dict(tables["contraindication"])),
            rules=tuple(tables["rule"].values()),
            examples=tuple(tables["example"].values()),
            locations=types.MappingProxyType(assembler.locations),
            codes=tuple(code for _, _, code in assembler.codes),
            intake=intake[1] if (intake := assembler.intake()) is not None else None,
        )
        return content, []


def load_content(root: Traversable | Path, budget: PackBudget | None = None) -> PackContent:
    """Like :func:`read_pack`, but raises the first problem as a :class:`RuleFileError`."""
    content, problems = read_pack(root, budget=budget)
    if content is None:
        first = problems[0]
        if len(problems) > 1:
            more = len(problems) - 1
            problem = f"{first.problem} (and {more} more problem{'s' * (more > 1)}); `kneelink check` lists them all"
            raise RuleFileError(first.path, first.line, problem, code=first.code)
        raise first
    return content
