"""The chain graph: a pack's rules as a graph, in Mermaid or Graphviz DOT text.

Nodes are the symptoms rules read, the facts they derive, the regions they suggest, and
the red flags they raise; each edge is one rule's step, labelled by the rule id. Withholding
is a dashed edge to the region (or to "every region" for a flag whose level withholds them
all). For an answer, the steps of the rules that fired are drawn bold and coloured and the
rest greyed. An answer does not record which of an ``any`` condition's facts was
reported when none of them starts a chain; the report does. Given the report, the way in
drawn is the one reported. Without it, each of those facts is drawn as a possible way in
(dashed in Mermaid, dotted in DOT), and left out of a graph of only what fired, which
shows nothing that was not reported. ``none`` and ``age`` conditions are not drawn (they
gate an edge, they do not lead anywhere).

No Python dependency is needed: Mermaid (GitHub renders it in Markdown) and Graphviz
(``dot -Tsvg``) read the text as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kneelink._answer import Suggestion
from kneelink._errors import RenderError
from kneelink._escape import dot_label, mermaid_label
from kneelink._pack import RulePack, Symptoms, as_report
from kneelink._windows import windows_of, with_windows
from kneelink.rendering._text import pack_for

GraphFormat = Literal["mermaid", "dot"]
NodeKind = Literal["symptom", "fact", "region", "red_flag", "every_region"]

EVERY_REGION = "every_region"
_FIRED = "#0B5FA5"
_WITHHELD = "#C62828"
_GREY = "#B0B0B0"


@dataclass(frozen=True)
class _Look:
    """How one kind of node is keyed and drawn: its key's prefix, fill and outline (in
    both languages), its Mermaid brackets and its DOT shape."""

    prefix: str
    fill: str
    stroke: str
    mermaid: tuple[str, str]
    dot: str


_LOOKS: dict[NodeKind, _Look] = {
    "symptom": _Look("sym_", "#FFF4D6", "#8A6D00", ('(["', '"])'), "ellipse"),
    "fact": _Look("fact_", "#EEF3F8", "#4F6D8A", ('["', '"]'), "box"),
    "region": _Look("reg_", "#E3F0FB", "#0B5FA5", ('[["', '"]]'), "box3d"),
    "red_flag": _Look("flag_", "#FBE3E3", "#C62828", ('{{"', '"}}'), "hexagon"),
    "every_region": _Look("all_", "#FBE3E3", "#C62828", ('[["', '"]]'), "box3d"),
}


@dataclass(frozen=True)
class Node:
    """A node: its ``kind`` and pack ``id``; ``key`` is unique across kinds."""

    kind: NodeKind
    id: str

    @property
    def key(self) -> str:
        """The node's identifier in the graph text."""
        return _LOOKS[self.kind].prefix + self.id


@dataclass(frozen=True)
class Edge:
    """One step: ``source`` to ``target`` by ``rule`` (``None`` for a red flag's own
    withholding); ``withholds`` for a "do not roll" edge; ``active`` when it fired."""

    source: Node
    target: Node
    rule: str | None
    withholds: bool
    active: bool | None  # None: drawing a pack, not an answer
    certain: bool = True  # False: one of a fired rule's `any` facts, the answer does not say which

    @property
    def label(self) -> str:
        """What the edge says: the rule id, and "withholds" for a withholding edge."""
        if self.withholds:
            return f"{self.rule}: withholds" if self.rule else "withholds"
        return self.rule or ""


class _Graph:
    def __init__(
        self, pack: RulePack, answer: Suggestion | None, reported: frozenset[str] | None, fired_only: bool = False
    ) -> None:
        content = pack.content
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        fired = set(answer.fired_rules) if answer is not None else set()
        holding = self._holding(pack, answer, reported) if answer is not None else set()
        self.active_nodes: set[str] = set()

        def node(id_: str) -> Node:
            kind: NodeKind = "symptom" if id_ in content.symptoms else "fact"
            return self._add(Node(kind, id_))

        def edge(
            source: Node, target: Node, rule: str | None, *, withholds: bool, on: bool, certain: bool = True
        ) -> None:
            self.edges.append(Edge(source, target, rule, withholds, on if answer is not None else None, certain))
            if on and answer is not None:
                self.active_nodes.update((source.key, target.key))

        for rule in content.rules:
            sources = [node(fact) for fact in rule.when.positive_ids]
            any_known = bool(set(rule.when.any) & holding)
            targets = [(node(fact), False) for fact in rule.derive]
            targets += [(self._add(Node("region", region)), False) for region in rule.suggest]
            if rule.red_flag is not None:
                targets.append((self._add(Node("red_flag", rule.red_flag)), False))
            targets += [(self._add(Node("region", region)), True) for region in rule.withhold]
            for source in sources:
                # An answer does not record which of an `any` condition's facts was reported:
                # without the report, when none is known to hold, each is a possible way in.
                unknown = reported is None and not any_known
                guessed = unknown and source.id not in holding and source.id in rule.when.any
                on = rule.id in fired and (source.id in holding or guessed)
                for target, withholds in targets:
                    edge(source, target, rule.id, withholds=withholds, on=on, certain=not guessed)
        for flag in content.red_flags.values():
            flag_node = Node("red_flag", flag.id)
            if flag_node.key not in self.nodes:
                continue
            raised = answer is not None and any(hit.id == flag.id for hit in answer.red_flags)
            for region in flag.withhold:
                edge(flag_node, self._add(Node("region", region)), None, withholds=True, on=raised)
            if flag.withholds_every_region:  # by its level, or marked withhold_all
                edge(flag_node, self._add(Node("every_region", EVERY_REGION)), None, withholds=True, on=raised)

        if fired_only:  # what fired, and nothing that was not reported: no possible ways in
            self.edges = [edge for edge in self.edges if edge.active and edge.certain]
            drawn = {node.key for edge in self.edges for node in (edge.source, edge.target)}
            self.nodes = {key: node for key, node in self.nodes.items() if key in drawn}

    def _add(self, node: Node) -> Node:
        return self.nodes.setdefault(node.key, node)

    @staticmethod
    def _holding(pack: RulePack, answer: Suggestion, reported: frozenset[str] | None) -> set[str]:
        """Facts that held: the symptoms ``reported`` (else the start of every chain), the
        `all` facts of every fired rule, and everything a fired rule derives."""
        holding = (
            set(reported)
            if reported is not None
            else {reason.chain[0] for region in answer.regions for reason in region.reasons}
        )
        for rule in pack.rules:
            if rule.id in answer.fired_rules:
                holding.update(rule.when.all)
                holding.update(rule.derive)
        return holding

    def label(self, node: Node) -> str:
        return "every region" if node.kind == "every_region" else node.id

    def is_active(self, node: Node) -> bool:
        return node.key in self.active_nodes


_MERMAID_CLASSES: dict[str, str] = {
    **{kind: f"fill:{look.fill},stroke:{look.stroke}" for kind, look in _LOOKS.items()},
    "inactive": "fill:#F4F4F4,stroke:#B0B0B0,color:#9A9A9A",
}


def _mermaid(graph: _Graph, answer: Suggestion | None) -> str:
    lines = ["flowchart LR"]
    for node in graph.nodes.values():
        opening, closing = _LOOKS[node.kind].mermaid
        lines.append(f"  {node.key}{opening}{mermaid_label(graph.label(node))}{closing}")
    for edge in graph.edges:
        arrow = "-.->" if edge.withholds else "-->"
        lines.append(f"  {edge.source.key} {arrow}|{mermaid_label(edge.label)}| {edge.target.key}")
    for kind, style in _MERMAID_CLASSES.items():
        lines.append(f"  classDef {kind} {style}")
    for kind in _MERMAID_CLASSES:
        members = [
            node.key
            for node in graph.nodes.values()
            if (kind == "inactive" and answer is not None and not graph.is_active(node))
            or (kind == node.kind and (answer is None or graph.is_active(node)))
        ]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    if answer is not None:
        for indices, style in (
            (
                [i for i, e in enumerate(graph.edges) if e.active and e.certain and not e.withholds],
                f"stroke:{_FIRED},stroke-width:3px",
            ),
            (
                [i for i, e in enumerate(graph.edges) if e.active and not e.certain],
                f"stroke:{_FIRED},stroke-width:2px,stroke-dasharray:4 3",
            ),
            (
                [i for i, e in enumerate(graph.edges) if e.active and e.withholds],
                f"stroke:{_WITHHELD},stroke-width:3px",
            ),
            ([i for i, e in enumerate(graph.edges) if not e.active], f"stroke:{_GREY},stroke-width:1px"),
        ):
            if indices:
                lines.append(f"  linkStyle {','.join(map(str, indices))} {style}")
    return "\n".join(lines) + "\n"


def _dot(graph: _Graph, answer: Suggestion | None) -> str:
    lines = [
        "digraph kneelink {",
        "  rankdir=LR;",
        '  node [fontname="DejaVu Sans", fontsize=10, style=filled];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]
    for node in graph.nodes.values():
        grey = answer is not None and not graph.is_active(node)
        fill, colour = ("#F4F4F4", _GREY) if grey else (_LOOKS[node.kind].fill, "#333333")
        lines.append(
            f'  "{node.key}" [label="{dot_label(graph.label(node))}", shape={_LOOKS[node.kind].dot}, '
            f'fillcolor="{fill}", color="{colour}", fontcolor="{colour}"];'
        )
    for edge in graph.edges:
        colour = _WITHHELD if edge.withholds else _FIRED
        width = 1.0
        if edge.active is False:
            colour = _GREY
        elif edge.active:
            width = 2.5
        style = ", style=dashed" if edge.withholds else (", style=dotted" if not edge.certain else "")
        lines.append(
            f'  "{edge.source.key}" -> "{edge.target.key}" [label="{dot_label(edge.label)}", color="{colour}", '
            f'fontcolor="{colour}", penwidth={width:g}{style}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def chain_graph(
    pack_or_answer: RulePack | Suggestion,
    format: GraphFormat = "mermaid",
    *,
    pack: RulePack | None = None,
    report: Symptoms | None = None,
    fired_only: bool = False,
) -> str:
    """A pack's rules as a graph: symptoms -> derived facts -> regions, red flags and what
    they withhold, each edge labelled by its rule id; as Mermaid (``format="mermaid"``) or
    Graphviz DOT (``format="dot"``).

    Given an answer, the graph is of the pack that made it (``pack``, default kneelink's
    own) with the chains that fired highlighted and the rest greyed, or, with
    ``fired_only=True``, left out. ``report`` is the report the answer answers (a
    :class:`~kneelink.SymptomReport` or symptom ids): an answer does not keep it, and
    only it says which of the facts of an ``any`` condition was reported. A report that
    fires other rules than the answer lists is a :class:`~kneelink.RenderError`.

    >>> import kneelink
    >>> text = kneelink.chain_graph(kneelink.default_pack())
    >>> text.splitlines()[0]
    'flowchart LR'
    >>> "sym_lateral_knee_pain -->|outer_knee_pain_may_be_the_it_band| fact_it_band_pulling" in text
    True
    """
    if format not in ("mermaid", "dot"):
        raise RenderError(f"unknown graph format {format!r}; choose 'mermaid' or 'dot'")
    reported: frozenset[str] | None = None
    if isinstance(pack_or_answer, Suggestion):
        answer: Suggestion | None = pack_or_answer
        chosen = pack_for(pack_or_answer, pack)
        if report is not None:
            reported = _reported(chosen, pack_or_answer, report)
    else:
        answer, chosen = None, pack_or_answer
        if pack is not None or report is not None or fired_only:
            raise RenderError("pack=, report= and fired_only= go with an answer; a pack is drawn whole")
    graph = _Graph(chosen, answer, reported, fired_only)
    return _mermaid(graph, answer) if format == "mermaid" else _dot(graph, answer)


def _reported(pack: RulePack, answer: Suggestion, report: Symptoms) -> frozenset[str]:
    """The symptoms ``report`` gives ``pack`` (window symptoms worked out), once it is
    known to fire the rules ``answer`` lists."""
    given = as_report(report)
    fired, listed = set(pack.suggest_regions(given).fired_rules), set(answer.fired_rules)
    if fired != listed:
        differences = [
            f"{what} {', '.join(sorted(ids))}"
            for what, ids in (("not", listed - fired), ("also", fired - listed))
            if ids
        ]
        raise RenderError(f"report= is not the report the answer answers: it fires {'; '.join(differences)}")
    return with_windows(given, windows_of(pack.content.symptoms)).symptoms
