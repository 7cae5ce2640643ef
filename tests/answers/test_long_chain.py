"""A chain of a thousand rules that fire one after another is explained as a short one is:
every link of the least path, in order, with the rule that drew it (the paths are kept as
links to the fact before, and spelt out once, for the reason that shows them)."""

from __future__ import annotations

from pathlib import Path

from best_paths import best_paths

import kneelink
from kneelink.testing import to_toml

LENGTH = 1_000
CITE = ["article#1"]


def _chain_pack(folder: Path, shortcuts: tuple[str, ...] = ()) -> kneelink.RulePack:
    """Rule ``c{n}`` derives ``f{n + 1}`` from the fact before it (``s0`` first); the last
    suggests ``g0``. Each of ``shortcuts`` is a rule deriving ``f500`` from ``s0`` at once."""
    rules: list[dict[str, object]] = []
    for index in range(LENGTH):
        rule: dict[str, object] = {
            "id": f"c{index}",
            "summary": f"link {index}",
            "cite": CITE,
            "when": {"all": ["s0" if index == 0 else f"f{index}"]},
        }
        if index < LENGTH - 1:
            rule["derive"] = [f"f{index + 1}"]
        else:
            rule["suggest"], rule["role"] = ["g0"], "primary"
        rules.append(rule)
    rules += [
        {"id": name, "summary": "shortcut", "cite": CITE, "when": {"all": ["s0"]}, "derive": ["f500"]}
        for name in shortcuts
    ]
    document = {
        "schema_version": 2,
        "pack": {"name": "long-chain", "version": "1"},
        "source": [
            {
                "id": "article",
                "title": "Generated article",
                "author": "tests",
                "citation": "generated",
                "paragraph": [{"number": 1, "paraphrase": "A generated paragraph."}],
            }
        ],
        "symptom": [{"id": "s0", "label": "s0", "category": "knee_pain", "cite": CITE}],
        "fact": [{"id": f"f{index}", "label": f"f{index}", "cite": CITE} for index in range(1, LENGTH)],
        "region": [{"id": "g0", "label": "g0", "body_area": "leg", "order": 1, "cite": CITE}],
        "rule": rules,
    }
    (folder / "pack.toml").write_text(to_toml(document), encoding="utf-8")
    return kneelink.load_pack(folder, engine="native", cache_size=0)


def test_a_thousand_rule_chain_is_explained_link_by_link(tmp_path: Path) -> None:
    answer = _chain_pack(tmp_path).suggest_regions(["s0"])
    assert answer.fired_rules == tuple(f"c{index}" for index in range(LENGTH))
    [region] = answer.regions
    [reason] = region.reasons
    assert reason.rule == f"c{LENGTH - 1}"
    assert reason.chain == ("s0", *(f"f{index}" for index in range(1, LENGTH)), "g0")
    assert reason.links == tuple(f"c{index}" for index in range(LENGTH - 1))


def test_a_shortcut_into_a_long_chain_is_the_path_taken_the_least_rule_id_first(tmp_path: Path) -> None:
    # Two rules reach f500 straight from s0: the path through them is shorter than the
    # chain's, and of the two equal paths the one through the lesser rule id is taken.
    answer = _chain_pack(tmp_path, shortcuts=("short_b", "short_a")).suggest_regions(["s0"])
    [reason] = answer.regions[0].reasons
    assert reason.chain == ("s0", *(f"f{index}" for index in range(500, LENGTH)), "g0")
    assert reason.links == ("short_a", *(f"c{index}" for index in range(500, LENGTH - 1)))
    assert set(answer.fired_rules) == {f"c{index}" for index in range(LENGTH)} | {"short_a", "short_b"}


def _relaxed_paths(
    symptoms: list[str], steps: list[tuple[tuple[str, ...], str, tuple[str, ...]]]
) -> dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """Best paths by relaxing every step until nothing improves: slow, and plainly right."""
    best: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
        symptom: (1, (symptom,), ()) for symptom in symptoms
    }
    changed = True
    while changed:
        changed = False
        for matched, rule_id, derive in steps:
            known = [best[fact] for fact in matched if fact in best]
            if not known:
                continue
            length, facts, rules = min(known)
            for fact in derive:
                candidate = (length + 1, (*facts, fact), (*rules, rule_id))
                if fact not in best or candidate < best[fact]:
                    best[fact] = candidate
                    changed = True
    return best


def test_the_paths_of_a_long_branching_chain_equal_the_plain_fixpoints() -> None:
    # Two chains of a thousand links from two symptoms, crossing every hundred links:
    # every fact's path must be the least one, ties by the ids. (Steps in chain order, so
    # the fixpoint settles in a few passes; test_explain tries every order on short ones.)
    steps: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
    for index in range(LENGTH):
        for side in "ab":
            before = f"{side}0" if index == 0 else f"{side}{index}"
            steps.append(((before,), f"r{side}{index}", (f"{side}{index + 1}",)))
        if index % 100 == 50:
            steps.append(((f"a{index}",), f"x{index}", (f"b{index + 1}", f"a{index + 1}")))
    assert best_paths(["a0", "b0"], steps) == _relaxed_paths(["a0", "b0"], steps)
