"""Read a folder of rule files into one validated :class:`PackContent`.

Data flows one way: TOML text → :class:`~kneelink._schema.RuleFile` per file → the files
put together and cross-checked here → compiled by :mod:`kneelink._compiler`. Any problem
raises :class:`~kneelink.RuleFileError` naming the file and line, before anything is built.
"""

from __future__ import annotations

import hashlib
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kneelink._errors import PackError, RuleFileError, closest
from kneelink._locate import line_of
from kneelink._schema import Contraindication, Fact, PackHeader, RedFlag, Region, Rule, RuleFile, Symptom


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
    symptoms: Mapping[str, Symptom]
    facts: Mapping[str, Fact]
    regions: Mapping[str, Region]
    red_flags: Mapping[str, RedFlag]
    contraindications: Mapping[str, Contraindication]
    rules: tuple[Rule, ...]
    locations: Mapping[tuple[str, str], Location] = field(repr=False)

    def location(self, kind: str, id_: str) -> Location | None:
        return self.locations.get((kind, id_))


@dataclass
class _ParsedFile:
    name: str
    path: str
    raw: bytes
    text: str
    content: RuleFile


def _rule_files(root: Traversable) -> list[Traversable]:
    if not root.is_dir():
        raise PackError(f"rule pack folder {str(root)!r} does not exist or is not a folder")
    files = sorted((item for item in root.iterdir() if item.name.endswith(".toml")), key=lambda t: t.name)
    if not files:
        raise PackError(f"rule pack folder {str(root)!r} holds no .toml rule files")
    return files


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


def _describe(error: typing.Any) -> str:
    loc = tuple(error["loc"])
    where = ".".join(str(part) for part in loc)
    if error["type"] == "extra_forbidden":
        owner = _model_at(RuleFile, loc[:-1])
        valid = sorted(owner.model_fields) if owner else []
        near = closest(str(loc[-1]), valid)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        return f"unknown key `{where}`{hint} (valid keys here: {', '.join(valid)})"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] not in ("missing", "value_error") and not isinstance(error.get("input"), dict):
        message += f" (got {error.get('input')!r})"
    return f"`{where}`: {message}" if where else message


def _parse(item: Traversable) -> _ParsedFile:
    path = str(item)
    raw = item.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RuleFileError(path, None, f"not UTF-8 text ({error.reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _toml_error_line(str(error))
        raise RuleFileError(path, line, f"not valid TOML: {error}") from None
    try:
        content = RuleFile.model_validate(data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        raise RuleFileError(path, line_of(text, first["loc"]), _describe(first) + more) from None
    return _ParsedFile(item.name, path, raw, text, content)


def _toml_error_line(message: str) -> int | None:
    marker = "(at line "
    if marker not in message:
        return None
    return int(message.split(marker, 1)[1].split(",", 1)[0].rstrip(")"))


class _Assembler:
    """Puts parsed files together, remembering where each definition came from."""

    def __init__(self, parsed: list[_ParsedFile]) -> None:
        self.parsed = parsed
        self.locations: dict[tuple[str, str], Location] = {}
        self.tables: dict[str, dict[str, typing.Any]] = {
            kind: {} for kind in ("symptom", "fact", "region", "red_flag", "contraindication", "rule")
        }
        self.rule_places: dict[str, tuple[_ParsedFile, int]] = {}

    def error(self, file: _ParsedFile, loc: Sequence[str | int], problem: str) -> RuleFileError:
        return RuleFileError(file.path, line_of(file.text, loc), problem)

    def collect(self) -> None:
        for file in self.parsed:
            for kind, table in self.tables.items():
                for index, item in enumerate(getattr(file.content, kind)):
                    where = Location(file.path, line_of(file.text, (kind, index)))
                    if item.id in table:
                        first = self.locations[(kind, item.id)]
                        raise RuleFileError(
                            file.path, where.line, f"{kind} id {item.id!r} is defined twice (first at {first})"
                        )
                    table[item.id] = item
                    self.locations[(kind, item.id)] = where
                    if kind == "rule":
                        self.rule_places[item.id] = (file, index)

    def header(self) -> PackHeader:
        headers = [(file, file.content.pack) for file in self.parsed if file.content.pack is not None]
        if not headers:
            names = ", ".join(file.path for file in self.parsed)
            raise PackError(f"no rule file has a [pack] table with the pack's name and version ({names})")
        if len(headers) > 1:
            second = headers[1][0]
            raise self.error(second, ("pack",), f"a second [pack] table (the first is in {headers[0][0].path})")
        header = headers[0][1]
        assert header is not None
        return header

    def check_ids(self) -> None:
        symptoms, facts = self.tables["symptom"], self.tables["fact"]
        for clash in sorted(set(symptoms) & set(facts)):
            where = self.locations[("fact", clash)]
            raise RuleFileError(where.path, where.line, f"{clash!r} is both a symptom and a derived fact")
        orders: dict[int, str] = {}
        for region in self.tables["region"].values():
            if region.order in orders:
                where = self.locations[("region", region.id)]
                raise RuleFileError(
                    where.path,
                    where.line,
                    f"region {region.id!r} has order {region.order}, as {orders[region.order]!r} does",
                )
            orders[region.order] = region.id
        for flag in self.tables["red_flag"].values():
            for region_id in flag.withhold:
                self.expect_flag_region(flag, region_id)
        for rule in self.tables["rule"].values():
            self.check_rule(rule)

    def expect_flag_region(self, flag: RedFlag, region_id: str) -> None:
        if region_id not in self.tables["region"]:
            where = self.locations[("red_flag", flag.id)]
            file = next(f for f in self.parsed if f.path == where.path)
            index = [item.id for item in file.content.red_flag].index(flag.id)
            raise self.unknown(file, ("red_flag", index, "withhold"), "region", region_id, self.tables["region"])

    def unknown(
        self, file: _ParsedFile, loc: Sequence[str | int], kind: str, value: str, valid: typing.Iterable[str]
    ) -> RuleFileError:
        near = closest(value, valid)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        return self.error(file, loc, f"unknown {kind} {value!r}{hint}")

    def check_rule(self, rule: Rule) -> None:
        file, index = self.rule_places[rule.id]
        symptoms, facts = self.tables["symptom"], self.tables["fact"]
        regions, flags = self.tables["region"], self.tables["red_flag"]
        known_facts = set(symptoms) | set(facts)
        for key in ("all", "any"):
            for value in getattr(rule.when, key):
                if value not in known_facts:
                    raise self.unknown(file, ("rule", index, "when"), "symptom or fact", value, known_facts)
        for value in rule.when.none:
            if value not in symptoms:
                why = " (`none` may name reported symptoms only, not derived facts)" if value in facts else ""
                raise self.unknown(file, ("rule", index, "when"), "symptom" + why, value, symptoms)
        for value in rule.derive:
            if value not in facts:
                why = " (rules derive facts; symptoms are only reported)" if value in symptoms else ""
                raise self.unknown(file, ("rule", index, "derive"), "fact" + why, value, facts)
        for key in ("suggest", "withhold"):
            for value in getattr(rule, key):
                if value not in regions:
                    raise self.unknown(file, ("rule", index, key), "region", value, regions)
        if rule.red_flag is not None and rule.red_flag not in flags:
            raise self.unknown(file, ("rule", index, "red_flag"), "red flag", rule.red_flag, flags)


def _hash(files: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return "sha256:" + digest.hexdigest()


def load_content(root: Traversable | Path) -> PackContent:
    """Read, validate and cross-check every ``*.toml`` file in ``root``."""
    items = _rule_files(root)
    parsed = [_parse(item) for item in items]
    assembler = _Assembler(parsed)
    header = assembler.header()
    assembler.collect()
    assembler.check_ids()
    tables = assembler.tables
    regions = dict(sorted(tables["region"].items(), key=lambda pair: pair[1].order))
    return PackContent(
        header=header,
        content_hash=_hash([(file.name, file.raw) for file in parsed]),
        files=tuple(file.name for file in parsed),
        symptoms=types.MappingProxyType(dict(tables["symptom"])),
        facts=types.MappingProxyType(dict(tables["fact"])),
        regions=types.MappingProxyType(regions),
        red_flags=types.MappingProxyType(dict(tables["red_flag"])),
        contraindications=types.MappingProxyType(dict(tables["contraindication"])),
        rules=tuple(tables["rule"].values()),
        locations=types.MappingProxyType(assembler.locations),
    )
