"""The chain graph: Mermaid checked against the grammar of what kneelink emits, DOT rendered
by Graphviz, and the highlighting of an answer's chains."""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from tools import require_dot

import kneelink
from kneelink import testing
from kneelink._cli import main
from kneelink._windows import windows_of, with_windows

# Mermaid flowchart grammar, for the statements kneelink writes (mermaid's flow.jison has
# more; anything outside this subset is a failure here, so the subset stays small).
ID = r"[A-Za-z][A-Za-z0-9_]*"
LABEL = r'"[^"\n]*"'
NODE = re.compile(rf"^  (?P<id>{ID})(\(\[{LABEL}\]\)|\[{LABEL}\]|\[\[{LABEL}\]\]|\{{\{{{LABEL}\}}\}})$")
EDGE = re.compile(rf"^  (?P<a>{ID}) (-->|-\.->)\|(?P<label>[^|\"\n]+)\| (?P<b>{ID})$")
STYLE = r"[a-z-]+:[^,;\n]+(,[a-z-]+:[^,;\n]+)*"
CLASS_DEF = re.compile(rf"^  classDef (?P<name>{ID}) {STYLE}$")
CLASS = re.compile(rf"^  class (?P<members>{ID}(,{ID})*) (?P<name>{ID})$")
LINK_STYLE = re.compile(rf"^  linkStyle (?P<indices>\d+(,\d+)*) {STYLE}$")
# Words mermaid's lexer takes as keywords, which break a flowchart used as node ids.
RESERVED = {"end", "graph", "subgraph", "flowchart", "style", "class", "classDef", "linkStyle", "click", "default"}


@dataclass
class Mermaid:
    nodes: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)
    link_styles: list[tuple[list[int], str]] = field(default_factory=list)


def parse_mermaid(text: str) -> Mermaid:
    """Check every line against the grammar and the references between lines."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    graph, class_defs = Mermaid(), set()
    for number, line in enumerate(lines[1:], start=2):
        if match := NODE.match(line):
            assert match["id"] not in graph.nodes, f"line {number}: node declared twice"
            assert match["id"] not in RESERVED
            graph.nodes.append(match["id"])
        elif match := EDGE.match(line):
            for end in (match["a"], match["b"]):
                assert end in graph.nodes, f"line {number}: edge to an undeclared node {end}"
            graph.edges.append((match["a"], match["b"], match["label"]))
        elif match := CLASS_DEF.match(line):
            class_defs.add(match["name"])
        elif match := CLASS.match(line):
            assert match["name"] in class_defs, f"line {number}: class {match['name']} has no classDef"
            members = match["members"].split(",")
            assert set(members) <= set(graph.nodes), f"line {number}"
            graph.classes[match["name"]] = members
        elif match := LINK_STYLE.match(line):
            indices = [int(i) for i in match["indices"].split(",")]
            assert max(indices) < len(graph.edges), f"line {number}: linkStyle past the last edge"
            graph.link_styles.append((indices, line))
        else:
            pytest.fail(f"line {number} is not in the Mermaid grammar kneelink emits: {line!r}")
    return graph


def quick_start() -> kneelink.Suggestion:
    return kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)


def test_the_pack_graph_is_grammatical_mermaid_with_every_rule_and_region(pack: kneelink.RulePack) -> None:
    graph = parse_mermaid(kneelink.chain_graph(pack))
    assert {label.split(":")[0] for _, _, label in graph.edges} == {rule.id for rule in pack.rules} | {"withholds"}
    assert {f"reg_{region}" for region in pack.regions} <= set(graph.nodes)
    assert {f"flag_{flag}" for flag in pack.content.red_flags} <= set(graph.nodes)
    assert graph.link_styles == []  # nothing fired, nothing highlighted
    assert ("flag_possible_dvt", "all_every_region", "withholds") in graph.edges
    assert ("fact_it_band_pulling", "reg_it_band", "roll_the_it_band") in graph.edges
    # Flags below consultation_24 that hold every region back by withhold_all draw it too.
    every_region = {flag.id for flag in pack.content.red_flags.values() if flag.withholds_every_region}
    assert {"recent_injury", "child_with_knee_pain"} <= every_region
    assert {source for source, target, _ in graph.edges if target == "all_every_region"} == {
        f"flag_{flag}" for flag in every_region
    }


def test_an_answer_highlights_the_chains_that_fired_and_greys_the_rest(pack: kneelink.RulePack) -> None:
    answer = quick_start()
    graph = parse_mermaid(kneelink.chain_graph(answer))
    styles = {index: line for indices, line in graph.link_styles for index in indices}
    assert sorted(styles) == list(range(len(graph.edges)))  # every edge styled once
    fired = graph.edges.index(("sym_lateral_knee_pain", "fact_it_band_pulling", "outer_knee_pain_may_be_the_it_band"))
    unfired = graph.edges.index(("sym_stairs_pain", "fact_kneecap_problem", "front_knee_pain_on_stairs_or_squatting"))
    assert "stroke-width:3px" in styles[fired]
    assert "#B0B0B0" in styles[unfired]
    assert "sym_lateral_knee_pain" not in graph.classes["inactive"]
    assert "sym_stairs_pain" in graph.classes["inactive"]
    for reason in (reason for region in answer.regions for reason in region.reasons):
        steps = [f"{'sym' if i == 0 else 'fact'}_{fact}" for i, fact in enumerate(reason.chain[:-1])]
        steps.append(f"reg_{reason.chain[-1]}")
        for (a, b), rule in zip(itertools.pairwise(steps), (*reason.links, reason.rule), strict=True):
            assert "stroke-width:3px" in styles[graph.edges.index((a, b, rule))], (a, b, rule)


def test_fired_only_keeps_just_the_chains_that_fired() -> None:
    answer = quick_start()
    graph = parse_mermaid(kneelink.chain_graph(answer, fired_only=True))
    assert {rule for _, _, rule in graph.edges} <= set(answer.fired_rules)
    assert {f"reg_{region}" for region in answer.region_ids} <= set(graph.nodes)
    assert "sym_stairs_pain" not in graph.nodes


def symptom_nodes(graph: Mermaid) -> set[str]:
    return {node.removeprefix("sym_") for node in graph.nodes if node.startswith("sym_")}


def test_fired_only_draws_no_symptom_nobody_reported() -> None:
    # One calf sign raises the clot flag through an `any` condition of three signs; the
    # answer names none of them, so the graph guessed all three as ways in.
    answer = kneelink.suggest_regions(["one_leg_swelling"])
    assert "dvt_signs" in answer.fired_rules
    alone = parse_mermaid(kneelink.chain_graph(answer, fired_only=True))
    assert symptom_nodes(alone) == set()
    assert "flag_possible_dvt" in alone.nodes
    with_report = parse_mermaid(kneelink.chain_graph(answer, report=["one_leg_swelling"], fired_only=True))
    assert symptom_nodes(with_report) == {"one_leg_swelling"}
    assert ("sym_one_leg_swelling", "flag_possible_dvt", "dvt_signs") in with_report.edges


def test_with_the_report_an_unreported_way_in_is_greyed_not_guessed() -> None:
    answer = kneelink.suggest_regions(["one_leg_warm_or_red"])
    text = kneelink.chain_graph(answer, report=["one_leg_warm_or_red"])
    graph = parse_mermaid(text)
    assert "sym_one_leg_swelling" in graph.classes["inactive"]
    assert "sym_one_leg_warm_or_red" not in graph.classes["inactive"]
    assert "stroke-dasharray" not in text  # no possible way in: the report says which
    assert "stroke-dasharray" in kneelink.chain_graph(answer)  # without it, still drawn as possible


def test_a_window_worked_out_from_the_report_is_drawn_as_reported() -> None:
    # A window symptom is never reported: it is worked out from the report (an injury with
    # no day given counts as today), so with the report it is drawn as a way in.
    answer = kneelink.suggest_regions(["knee_injury"])
    drawn = symptom_nodes(parse_mermaid(kneelink.chain_graph(answer, report=["knee_injury"], fired_only=True)))
    assert "injured_in_last_3_days" in drawn
    windows = {id_ for id_, symptom in kneelink.default_pack().content.symptoms.items() if symptom.window is not None}
    assert drawn <= {"knee_injury", *windows}


@given(report=testing.reports())
@settings(max_examples=40)
def test_a_graph_of_what_fired_shows_only_symptoms_the_report_gives(report: kneelink.SymptomReport) -> None:
    pack = kneelink.default_pack()
    answer = pack.suggest_regions(report)
    given_symptoms = with_windows(report, windows_of(pack.content.symptoms)).symptoms
    for text in (
        kneelink.chain_graph(answer, fired_only=True),
        kneelink.chain_graph(answer, report=report, fired_only=True),
    ):
        assert symptom_nodes(parse_mermaid(text)) <= given_symptoms
    # With the report, every reported symptom a fired rule read is drawn as a way in.
    drawn = symptom_nodes(parse_mermaid(kneelink.chain_graph(answer, report=report, fired_only=True)))
    read = {
        fact
        for rule in pack.rules
        if rule.id in answer.fired_rules
        for fact in rule.when.positive_ids
        if fact in given_symptoms
    }
    assert drawn == read


def test_a_report_the_answer_does_not_answer_is_a_render_error() -> None:
    answer = kneelink.suggest_regions(["one_leg_swelling"])
    with pytest.raises(kneelink.RenderError, match=r"not the report the answer answers: it fires not .*dvt_signs"):
        kneelink.chain_graph(answer, report=["knee_pain"])
    with pytest.raises(kneelink.UnknownSymptomError):
        kneelink.chain_graph(answer, report=["one_leg_swellin"])


@given(report=testing.reports())
@settings(max_examples=30)
def test_every_answer_graph_is_grammatical(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    graph = parse_mermaid(kneelink.chain_graph(answer))
    for flag in answer.red_flags:
        assert f"flag_{flag.id}" not in graph.classes.get("inactive", [])


def dot_svg(dot: str, text: str) -> ET.Element:
    done = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    assert "Error" not in done.stderr, done.stderr
    return ET.fromstring(done.stdout)


def test_graphviz_renders_the_dot_of_a_pack_and_of_an_answer(pack: kneelink.RulePack) -> None:
    dot = require_dot()
    for text in (kneelink.chain_graph(pack, "dot"), kneelink.chain_graph(quick_start(), "dot")):
        root = dot_svg(dot, text)
        titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
        declared = re.findall(r'^  "(\w+)" \[label=', text, flags=re.MULTILINE)
        edges = re.findall(r'^  "(\w+)" -> "(\w+)"', text, flags=re.MULTILINE)
        assert set(declared) <= set(titles)  # Graphviz drew every node...
        assert sum(1 for t in titles if t and "->" in t) == len(edges)  # ...and every edge


def test_bad_graph_arguments_raise_render_errors(pack: kneelink.RulePack) -> None:
    with pytest.raises(kneelink.RenderError, match="'svg'"):
        kneelink.chain_graph(pack, "svg")  # type: ignore[arg-type]
    with pytest.raises(kneelink.RenderError, match="go with an answer"):
        kneelink.chain_graph(pack, fired_only=True)
    with pytest.raises(kneelink.RenderError, match="go with an answer"):
        kneelink.chain_graph(pack, report=["knee_pain"])


def test_cli_graph_of_a_pack_and_of_an_answer_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph kneelink {")
    answer_file = tmp_path / "answer.json"
    answer_file.write_text(quick_start().model_dump_json(), encoding="utf-8")
    assert main(["graph", "--answer", str(answer_file), "--fired-only"]) == 0
    assert capsys.readouterr().out == kneelink.chain_graph(quick_start(), fired_only=True)
    answer_file.write_text("{}", encoding="utf-8")
    assert main(["graph", "--answer", str(answer_file)]) == 2
    assert "is not a kneelink answer" in capsys.readouterr().err
