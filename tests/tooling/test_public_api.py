"""The public API: what ``import kneelink`` offers, documented, and nothing by accident."""

from __future__ import annotations

import builtins
import copy
import importlib
import inspect
import pickle
import re
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kneelink
from kneelink import _errors


def test_all_is_sorted_without_duplicates() -> None:
    assert kneelink.__all__ == sorted(kneelink.__all__)
    assert len(kneelink.__all__) == len(set(kneelink.__all__))


def test_every_name_in_all_is_importable() -> None:
    module = importlib.import_module("kneelink")
    for name in kneelink.__all__:
        assert hasattr(module, name), name
        namespace: dict[str, object] = {}
        exec(f"from kneelink import {name}", namespace)
        assert namespace[name] is getattr(kneelink, name)


def test_all_is_exactly_the_public_namespace() -> None:
    # Like httpx's test_all_imports_are_exported: every public name is in __all__, and
    # nothing public got into the namespace by accident (an import, a __future__ feature).
    # The checker's names are imported on first use, so they may not be there yet.
    public = {
        name
        for name, value in vars(kneelink).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(kneelink.__all__) - {"__version__"} == public | set(kneelink._LAZY_ATTRIBUTES)


def test_dir_lists_every_public_name_imported_or_not() -> None:
    assert set(kneelink.__all__) <= set(dir(kneelink))


def test_version_is_a_string() -> None:
    assert isinstance(kneelink.__version__, str)
    assert re.fullmatch(r"\d+(\.\d+)*\S*", kneelink.__version__)


def _public_objects() -> list[tuple[str, object]]:
    return [
        (name, getattr(kneelink, name))
        for name in kneelink.__all__
        if inspect.isclass(getattr(kneelink, name)) or inspect.isfunction(getattr(kneelink, name))
    ]


def test_every_public_class_and_function_has_a_docstring() -> None:
    objects = _public_objects()
    assert {"RulePack", "SymptomReport", "Suggestion", "suggest_regions", "load_pack"} <= {n for n, _ in objects}
    missing = [name for name, value in objects if not (inspect.getdoc(value) or "").strip()]
    assert missing == []


def test_every_public_method_of_a_public_class_has_a_docstring() -> None:
    missing = []
    for class_name, cls in _public_objects():
        if not inspect.isclass(cls) or issubclass(cls, BaseException):
            continue
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            documented = (member.__doc__ or "").strip()
            if (isinstance(member, property) or inspect.isfunction(member)) and not documented:
                missing.append(f"{class_name}.{name}")
    assert missing == []


def _exception_classes() -> dict[str, type[BaseException]]:
    return {
        name: value
        for name, value in vars(_errors).items()
        # Defined in _errors: kneelink re-homes them (__module__ == "kneelink"), so compare the builtins out.
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ != "builtins"
    }


def _documented_tree() -> dict[str, tuple[str | None, str | None]]:
    """``name -> (parent, builtin)`` as drawn in the _errors module docstring."""
    tree: dict[str, tuple[str | None, str | None]] = {}
    stack: list[tuple[int, str]] = []
    for line in (_errors.__doc__ or "").splitlines():
        match = re.match(r"^ {4}[\s│├└─]*(?P<name>[A-Z]\w*Error)\b(?:\s+\((?P<builtin>\w+)\))?", line)
        if match is None:
            continue
        depth = match.start("name")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        tree[match["name"]] = (stack[-1][1] if stack else None, match["builtin"])
        stack.append((depth, match["name"]))
    return tree


def test_exception_tree_in_docstring_lists_every_exception() -> None:
    tree = _documented_tree()
    assert tree["KneelinkError"] == (None, None)
    assert tree["UnknownSymptomError"][0] == "UnknownIdError"
    assert set(tree) == set(_exception_classes())


def test_exception_tree_in_docstring_matches_the_classes() -> None:
    classes = _exception_classes()
    for name, (parent, builtin) in _documented_tree().items():
        cls = classes[name]
        if parent is None:
            assert cls.__bases__ == (Exception,), name
        else:
            assert cls.__bases__[0] is classes[parent], name
        if builtin is not None:
            assert issubclass(cls, getattr(builtins, builtin)), name


def test_errors_subclass_the_builtin_they_resemble() -> None:
    assert issubclass(kneelink.ReportError, ValueError)
    assert issubclass(kneelink.PackError, ValueError)
    assert issubclass(kneelink.EngineError, RuntimeError)
    assert not issubclass(kneelink.EngineError, ValueError)
    for cls in (
        kneelink.UnknownIdError,
        kneelink.UnknownSymptomError,
        kneelink.UnknownRegionError,
        kneelink.UnknownContraindicationError,
    ):
        assert issubclass(cls, kneelink.ReportError)
        assert issubclass(cls, ValueError)
    assert issubclass(kneelink.RuleFileError, kneelink.PackError)
    for error_class in _exception_classes().values():
        assert issubclass(error_class, kneelink.KneelinkError)


def test_every_exception_class_is_exported() -> None:
    assert set(_exception_classes()) <= set(kneelink.__all__)


def test_package_is_typed() -> None:
    marker = Path(kneelink.__file__).parent / "py.typed"
    assert marker.is_file()


# --- Issue 11, finding 6: the types public attributes return are public ---------------------

RETURNED_TYPES: dict[str, Callable[[kneelink.RulePack], object]] = {
    "Symptom": lambda pack: next(iter(pack.symptoms.values())),
    "Region": lambda pack: next(iter(pack.regions.values())),
    "Rule": lambda pack: pack.rules[0],
    "Fact": lambda pack: next(iter(pack.content.facts.values())),
    "RedFlag": lambda pack: next(iter(pack.content.red_flags.values())),
    "Contraindication": lambda pack: next(iter(pack.content.contraindications.values())),
    "Source": lambda pack: next(iter(pack.content.sources.values())),
    "Paragraph": lambda pack: pack.content.sources["article"].paragraph[0],
    "Citation": lambda pack: pack.suggest_regions(["knee_pain"]).regions[0].reasons[0].citations[0],
    "RegionShape": lambda pack: next(iter(pack.regions.values())).shape,
    "PackContent": lambda pack: pack.content,
    "PackHeader": lambda pack: pack.content.header,
    "Condition": lambda pack: pack.rules[0].when,
    "AgeRange": lambda pack: next(rule.when.age for rule in pack.rules if rule.when.age is not None),
    "CrossReference": lambda pack: next(xref for region in pack.regions.values() for xref in region.xref),
    "Example": lambda pack: pack.content.examples[0],
    "Expectation": lambda pack: pack.content.examples[0].expect,
    "Location": lambda pack: pack.content.location("rule", pack.rules[0].id),
}


def test_the_types_that_public_attributes_return_are_exported() -> None:
    pack = kneelink.default_pack()
    for name, reach in RETURNED_TYPES.items():
        assert name in kneelink.__all__, name
        assert type(reach(pack)) is getattr(kneelink, name), name


def test_public_objects_say_they_live_in_kneelink() -> None:
    for name, value in _public_objects():
        assert getattr(value, "__module__", None) == "kneelink", name
    assert repr(kneelink.Symptom) == "<class 'kneelink.Symptom'>"
    assert repr(kneelink.default_pack().rules[0]).startswith("Rule(")


def test_help_shows_no_private_module_paths() -> None:
    import pydoc

    text = pydoc.render_doc(kneelink.suggest_regions, renderer=pydoc.TextDoc())
    assert "kneelink.Suggestion" in text
    assert "kneelink._" not in text
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(["knee_pian"])
    assert type(caught.value).__module__ == "kneelink"


_TEXT = st.text(max_size=30)


def _an_error(kind: type[kneelink.KneelinkError]) -> st.SearchStrategy[kneelink.KneelinkError]:
    """Instances of ``kind`` made as kneelink makes them, with drawn values."""
    if issubclass(kind, kneelink.UnknownIdError):
        ids = st.lists(_TEXT, max_size=3)
        return st.builds(kind, _TEXT, ids, pack=_TEXT, valid=ids)
    if issubclass(kind, kneelink.RuleFileError):
        lines = st.none() | st.integers(1, 10_000)
        return st.builds(kind, _TEXT.filter(bool), lines, _TEXT, code=_TEXT)
    if issubclass(kind, kneelink.ReportError):
        problem = st.fixed_dictionaries({"loc": st.tuples(_TEXT), "msg": _TEXT, "type": _TEXT, "input": st.integers()})
        return st.builds(kind, _TEXT, st.lists(problem, max_size=2))
    return st.builds(kind, _TEXT)


@pytest.mark.parametrize("name", sorted(_exception_classes()))
@given(data=st.data())
def test_every_error_pickles_and_copies_as_itself(name: str, data: st.DataObject) -> None:
    # suggest_many's workers send errors to the calling process; so may an app's own pool.
    kind = _exception_classes()[name]
    assert issubclass(kind, kneelink.KneelinkError)
    error = data.draw(_an_error(kind))
    error.add_note(data.draw(_TEXT))
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(again) is kind
        assert again is not error
        assert str(again) == str(error)
        assert again.args == error.args
        assert vars(again) == vars(error)  # the fields (an id, a path and line, the notes)
        if isinstance(error, kneelink.ReportError):
            assert again.errors() == error.errors()  # type: ignore[attr-defined]
