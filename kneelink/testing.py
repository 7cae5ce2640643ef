"""Hypothesis strategies for testing code that uses kneelink, or a rule pack of your own.

Needs `Hypothesis <https://hypothesis.readthedocs.io>`_ (``pip install 'kneelink[testing]'``).

- :func:`symptom_ids`, :func:`reports`: what a person could report to a pack;
  ``st.from_type(kneelink.SymptomReport)`` gives ``reports()`` too.
- :func:`rule_packs`: small random valid packs, to test tools that take any pack.
- :func:`coverage`: which rules fired while some code ran (no pytest needed).
Every strategy draws only ids that the pack defines, so the reports it makes are always
accepted by :meth:`RulePack.suggest_regions <kneelink.RulePack.suggest_regions>`.

>>> from hypothesis import given, settings
>>> import kneelink
>>> from kneelink.testing import reports
>>> @settings(max_examples=20, deadline=None, database=None)
... @given(reports(red_flags=False))
... def test_regions_are_in_treatment_order(report):
...     order = list(kneelink.default_pack().regions)
...     ids = kneelink.suggest_regions(report).region_ids
...     assert list(ids) == sorted(ids, key=order.index)
>>> test_regions_are_in_treatment_order()
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from kneelink._coverage import RuleCoverage
from kneelink._pack import RulePack, default_pack, load_pack
from kneelink._report import Side, SymptomReport
from kneelink._schema import WARNING_SIGN_CATEGORIES
from kneelink._triage import TRIAGE_LEVELS

__all__ = ["GeneratedPack", "RuleCoverage", "coverage", "reports", "rule_packs", "symptom_ids", "to_toml"]

DEFAULT_SIDES: tuple[Side | None, ...] = (None, "left", "right", "both")


def _ids(pack: RulePack | None, categories: Collection[str] | None) -> list[str]:
    pack = pack or default_pack()
    ids = [id_ for id_, symptom in pack.symptoms.items() if categories is None or symptom.category in categories]
    if not ids:
        wanted = "any category" if categories is None else f"categories {sorted(categories)}"
        raise ValueError(f"rule pack {pack.info.name!r} has no symptom of {wanted}")
    return ids


def symptom_ids(pack: RulePack | None = None, *, categories: Collection[str] | None = None) -> st.SearchStrategy[str]:
    """Symptom ids of ``pack`` (the default pack when ``None``).

    ``categories`` keeps only symptoms of those categories (``"knee_pain"``,
    ``"condition"``, ``"aggravating_factor"``, ``"red_flag"``); a filter that leaves
    nothing raises :class:`ValueError` at once rather than drawing nothing.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(symptom_ids(categories={"knee_pain"}))
    ... def test_knee_pain_ids(symptom):
    ...     assert default_pack().symptoms[symptom].category == "knee_pain"
    >>> test_knee_pain_ids()
    >>> symptom_ids(categories={"no_such_category"})
    Traceback (most recent call last):
    ...
    ValueError: rule pack 'kneelink-default' has no symptom of categories ['no_such_category']
    """
    return st.sampled_from(_ids(pack, categories))


def reports(
    pack: RulePack | None = None,
    *,
    min_size: int = 1,
    max_size: int = 6,
    red_flags: bool = True,
    sides: Sequence[Side | None] = DEFAULT_SIDES,
    ages: st.SearchStrategy[int | None] | None = None,
    days: st.SearchStrategy[int | None] | None = None,
    contraindications: bool = False,
    tri_state: bool = False,
) -> st.SearchStrategy[SymptomReport]:
    """:class:`~kneelink.SymptomReport` objects over ``pack`` (the default pack when ``None``).

    Each report holds ``min_size`` to ``max_size`` distinct symptom ids (fewer if the
    pack has fewer), a side drawn from ``sides`` and an age drawn from ``ages`` (by
    default none, or 0 to 120 years) and, for a pack with windows, days since the injury
    drawn from ``days`` (by default none, or 0 to 30, which crosses every window of the
    default pack). ``red_flags=False`` leaves out symptoms of the
    ``red_flag`` and ``context`` categories (context findings raise flags in pairs); an
    age can still raise one (knee pain under 16 in the default pack). ``contraindications=True`` adds up to two local
    contraindications, ``(kind, region)`` pairs from the pack's vocabulary (none if the
    pack defines no kinds). ``tri_state=True`` also answers some other symptoms of the pack
    "no" (``absent``) or "don't know" (``unknown``), and may mark the age unknown.
    """
    pack = pack or default_pack()
    categories = (
        None if red_flags else {symptom.category for symptom in pack.symptoms.values()} - WARNING_SIGN_CATEGORIES
    )
    ids = _ids(pack, categories)
    if min_size < 1 or min_size > max_size:
        raise ValueError(f"need 1 <= min_size <= max_size, got min_size={min_size}, max_size={max_size}")
    kinds, regions = list(pack.content.contraindications), list(pack.regions)
    local: st.SearchStrategy[list[tuple[str, str]]] = st.just([])
    if contraindications and kinds and regions:
        pairs = st.tuples(st.sampled_from(kinds), st.sampled_from(regions))
        local = st.lists(pairs, max_size=2, unique=True)
    present = st.lists(st.sampled_from(ids), min_size=min(min_size, len(ids)), max_size=max_size, unique=True)
    age = ages if ages is not None else st.none() | st.integers(min_value=0, max_value=120)
    if days is None:
        days = st.none() | st.integers(min_value=0, max_value=30) if pack.windows else st.none()
    if not tri_state:
        return st.builds(
            SymptomReport,
            symptoms=present,
            side=st.sampled_from(tuple(sides)),
            age=age,
            days_since_injury=days,
            contraindications=local,
        )

    @st.composite
    def tri_state_report(draw: st.DrawFn) -> SymptomReport:
        symptoms = draw(present)
        others = [id_ for id_ in pack.symptoms if id_ not in symptoms]
        answers = draw(
            st.lists(st.sampled_from(["absent", "unknown", None]), min_size=len(others), max_size=len(others))
        )
        drawn_age = draw(age)
        unknown = {id_ for id_, answer in zip(others, answers, strict=True) if answer == "unknown"}
        if drawn_age is None and draw(st.booleans()):
            unknown.add("age")
        return SymptomReport(
            symptoms=symptoms,
            absent={id_ for id_, answer in zip(others, answers, strict=True) if answer == "absent"},
            unknown=unknown,
            side=draw(st.sampled_from(tuple(sides))),
            age=drawn_age,
            days_since_injury=draw(days),
            contraindications=draw(local),
        )

    return tri_state_report()


@dataclass(frozen=True)
class GeneratedPack:
    """A small, random, valid rule pack: its rule files as text, by file name."""

    files: Mapping[str, str]

    def write(self, folder: Path) -> Path:
        """Write the files into ``folder`` (created if need be) and return it."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    def load(self) -> RulePack:
        """Compile the pack (through a temporary folder, removed afterwards)."""
        with tempfile.TemporaryDirectory(prefix="kneelink-pack-") as folder:
            return load_pack(self.write(Path(folder)))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid TOML basic-string escapes
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def to_toml(document: Mapping[str, object]) -> str:
    """TOML for a rule file: top-level keys, ``[table]`` dicts and ``[[array]]`` tables.

    >>> print(to_toml({"schema_version": 1, "pack": {"name": "p"}, "rule": [{"id": "r", "when": {"all": ["s"]}}]}))
    schema_version = 1
    <BLANKLINE>
    [pack]
    name = "p"
    <BLANKLINE>
    [[rule]]
    id = "r"
    when = { all = ["s"] }
    <BLANKLINE>
    """
    lines = [
        f"{key} = {_toml_value(value)}" for key, value in document.items() if not isinstance(value, (Mapping, list))
    ]
    for key, value in document.items():
        if isinstance(value, Mapping):
            lines += ["", f"[{key}]", *(f"{name} = {_toml_value(item)}" for name, item in value.items())]
        elif isinstance(value, list):
            for table in value:
                lines += ["", f"[[{key}]]", *(f"{name} = {_toml_value(item)}" for name, item in table.items())]
    return "\n".join(lines) + "\n"


@st.composite
def rule_packs(
    draw: st.DrawFn,
    *,
    max_symptoms: int = 5,
    max_facts: int = 3,
    max_regions: int = 3,
    max_rules: int = 8,
    red_flags: bool = True,
    negation: bool = True,
) -> GeneratedPack:
    """Small random rule packs that load: every id resolves, every rule is well formed.

    Rules may be unreachable, redundant or cyclic: the point is to exercise the engine,
    the checker and any oracle on shapes no hand-written pack has. ``red_flags=False``
    leaves out red flags, contraindications and ``withhold``; ``negation=False`` leaves
    out ``none`` conditions, the one thing that can make adding a symptom lower triage.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None, database=None)
    ... @given(rule_packs())
    ... def test_loads(generated):
    ...     assert generated.load().rules
    >>> test_loads()
    """
    symptoms = [f"s{index}" for index in range(draw(st.integers(1, max_symptoms)))]
    facts = [f"f{index}" for index in range(draw(st.integers(0, max_facts)))]
    regions = [f"r{index}" for index in range(draw(st.integers(1, max_regions)))]
    flags = [f"flag{index}" for index in range(draw(st.integers(0, 2) if red_flags else st.just(0)))]
    categories = st.sampled_from(["knee_pain", "condition", "aggravating_factor", "red_flag", "context"])
    cite = ["article#1"]
    document: dict[str, object] = {
        "schema_version": 2,
        "pack": {"name": "generated", "version": "0.1"},
        "source": [
            {
                "id": "article",
                "title": "Generated article",
                "author": "kneelink.testing",
                "citation": "generated",
                "paragraph": [{"number": 1, "paraphrase": "A generated paragraph."}],
            },
            {"id": "reference", "title": "Generated reference", "publisher": "kneelink.testing", "citation": "x"},
        ],
        "symptom": [{"id": s, "label": s, "category": draw(categories), "cite": cite} for s in symptoms],
        "fact": [{"id": f, "label": f, "cite": cite} for f in facts],
        "region": [
            {"id": r, "label": r, "body_area": "leg", "order": order, "cite": cite}
            for order, r in enumerate(regions, start=1)
        ],
        "red_flag": [
            {
                "id": flag,
                "label": flag,
                "level": draw(st.sampled_from(TRIAGE_LEVELS)),
                "message": "see a clinician today",
                "withhold": draw(st.lists(st.sampled_from(regions), max_size=2, unique=True)),
                "withhold_all": draw(st.booleans()),
                "cite": ["reference"],
            }
            for flag in flags
        ],
        "rule": [
            draw(_rules(index, symptoms, facts, regions, flags, red_flags, negation))
            for index in range(draw(st.integers(1, max_rules)))
        ],
    }
    if red_flags and draw(st.booleans()):
        document["contraindication"] = [
            {"id": "open_wound", "label": "open wound", "message": "do not roll", "cite": ["reference"]}
        ]
    return GeneratedPack({"pack.toml": to_toml(document)})


@st.composite
def _rules(
    draw: st.DrawFn,
    index: int,
    symptoms: list[str],
    facts: list[str],
    regions: list[str],
    flags: list[str],
    withholds: bool,
    negation: bool,
) -> dict[str, object]:
    facts_and_symptoms = st.sampled_from(symptoms + facts)
    all_ = draw(st.lists(facts_and_symptoms, max_size=2, unique=True))
    any_ = draw(st.lists(facts_and_symptoms, max_size=2, unique=True))
    if not all_ and not any_:
        all_ = [draw(st.sampled_from(symptoms))]
    free = [s for s in symptoms if s not in all_ and s not in any_]
    when: dict[str, object] = {"all": all_, "any": any_}
    if free and negation:
        when["none"] = draw(st.lists(st.sampled_from(free), max_size=1))
    if draw(st.booleans()):
        low = draw(st.integers(0, 120))
        high = draw(st.integers(low, 120))
        when["age"] = draw(st.sampled_from([{"min": low}, {"max": high}, {"min": low, "max": high}]))
    rule: dict[str, object] = {"id": f"rule{index}", "summary": f"generated rule {index}", "when": when}
    if facts:
        rule["derive"] = draw(st.lists(st.sampled_from(facts), max_size=2, unique=True))
    suggest = draw(st.lists(st.sampled_from(regions), max_size=2, unique=True))
    if suggest or not rule.get("derive"):
        rule["suggest"] = suggest or [regions[0]]
        rule["role"] = draw(st.sampled_from(["primary", "supporting"]))
    flagged: bool = draw(st.booleans())
    if flags and flagged:
        rule["red_flag"] = draw(st.sampled_from(flags))
    if withholds and draw(st.integers(0, 3)) == 0:
        rule["withhold"] = [draw(st.sampled_from(regions))]
    rule["priority"] = draw(st.integers(-5, 5))
    if draw(st.booleans()):
        rule["cite"] = ["article#1"]
    else:
        rule["cite"], rule["extension"] = ["reference"], True
    return rule


def coverage(pack: RulePack | None = None) -> RuleCoverage:
    """A :class:`RuleCoverage` for ``pack`` (the default pack when ``None``); use it as
    a context manager, or call ``start()`` and ``stop()``.

    >>> import kneelink
    >>> with coverage() as seen:
    ...     _ = kneelink.suggest_regions(["knee_pain", "one_leg_swelling"])
    >>> seen.counts["dvt_signs"]
    1
    """
    return RuleCoverage(pack)
