"""The import contracts CI checks with import-linter (``.importlinter``): what they say,
read as data. Whether the code keeps them is CI's ``lint-imports`` step, not pytest's."""

from __future__ import annotations

import configparser
import pkgutil

from paths import ROOT

import kneelink
import kneelink.engines


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / ".importlinter", encoding="utf-8")
    return parser


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def _layers() -> list[set[str]]:
    """The layers contract's layers, lowest first, each as the set of modules in it."""
    layers = _lines(_contracts()["importlinter:contract:layers"]["layers"])
    return [{name.strip() for part in layer.split("|") for name in part.split(":")} for layer in reversed(layers)]


def _layer_of(module: str) -> int:
    (found,) = [index for index, layer in enumerate(_layers()) if module in layer]
    return found


def test_no_import_is_excused_from_the_contracts() -> None:
    contracts = _contracts()
    for name in contracts.sections():
        assert "ignore_imports" not in contracts[name], name


def test_the_layers_run_from_errors_to_the_tools_on_top() -> None:
    order = [
        "kneelink._errors",
        "kneelink._triage",
        "kneelink._answer",
        "kneelink._schema",
        "kneelink._loader",
        "kneelink.engines",
        "kneelink._explain",
        "kneelink._pack",
        "kneelink.rendering",
        "kneelink.interop",
        "kneelink.testing",
        "kneelink._cli",
    ]
    positions = [_layer_of(module) for module in order]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    assert _layer_of("kneelink._report") == _layer_of("kneelink._answer")
    assert _layer_of("kneelink.interview") == _layer_of("kneelink.rendering")
    assert _layer_of("kneelink._coverage") < _layer_of("kneelink.testing")


def test_every_module_of_the_package_is_in_a_layer() -> None:
    # A module named in no layer is bound by nothing: a new one must take its place.
    named = set().union(*_layers())
    modules = {f"kneelink.{info.name}" for info in pkgutil.iter_modules(kneelink.__path__)}
    assert modules - named == set()


def test_the_chooser_is_above_the_engines_and_the_interface_below() -> None:
    engines = _contracts()["importlinter:contract:engines"]
    assert _lines(engines["containers"]) == ["kneelink.engines"]
    layers = _lines(engines["layers"])
    assert layers[0] == "_choice"
    assert {"_durable", "_native"} <= {name.strip() for name in layers[1].split("|")}
    assert "_interface" in {name.strip() for name in layers[-1].split("|")}
    modules = {info.name for info in pkgutil.iter_modules(kneelink.engines.__path__)}
    assert modules == {name.strip() for layer in layers for name in layer.split("|")}
