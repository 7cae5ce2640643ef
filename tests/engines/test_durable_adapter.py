"""The adapter over durable-rules' C engine, run for real: threads, many sessions, many
packs, faults, negation order and age bounds. Nothing here is mocked except the one
failure a fault test injects."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packs import SOURCES

import kneelink
from kneelink.engines import _durable as _engine
from kneelink.engines._durable import Firing
from kneelink.testing import reports

# Every test here drives durable-rules' C engine (it skips where it is not installed).
_dre = pytest.importorskip("durable_rules_engine")

# A report that fires rules in any version of the default pack: lateral knee pain is the
# article's own example (line 15).
FIRING = ("lateral_knee_pain",)


def _mixed_reports(pack: kneelink.RulePack) -> list[kneelink.SymptomReport]:
    """A spread of reports: single symptoms of every category, combinations, sides, ages,
    red flags and contraindications (whichever the pack defines)."""
    ids = list(pack.symptoms)
    kinds, regions = list(pack.content.contraindications), list(pack.regions)
    reports = [kneelink.SymptomReport(symptoms=FIRING, side="right", age=35)]
    sides: list[kneelink.Side | None] = [None, "left", "right", "both"]
    for index, symptom in enumerate(ids):
        reports.append(kneelink.SymptomReport(symptoms=[symptom], side=sides[index % 4], age=(index * 7) % 121))
        pair = [symptom, ids[(index * 5 + 3) % len(ids)]]
        local = [(kinds[index % len(kinds)], regions[index % len(regions)])] if kinds else []
        reports.append(kneelink.SymptomReport(symptoms=pair, age=None, contraindications=local))
    return reports


def _durable(pack: kneelink.RulePack) -> _engine.Engine:
    """The durable-rules adapter behind ``pack``."""
    assert isinstance(pack._engine, _engine.Engine)
    return pack._engine


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# --- threads and sessions -----------------------------------------------------------


@pytest.mark.parametrize("engine", ["durable", "native"])
def test_threads_get_the_single_threaded_answers(engine: kneelink.EngineChoice, rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)  # no cache: every call evaluates
    reports = _mixed_reports(pack)
    expected = [pack.suggest_regions(report) for report in reports]
    threads, calls = 8, 2_000
    start = threading.Barrier(threads)
    mismatches: list[str] = []
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        start.wait()
        try:
            for call in range(calls):
                index = (offset * 31 + call) % len(reports)
                if pack.suggest_regions(reports[index]) != expected[index]:
                    mismatches.append(f"thread {offset}, call {call}: report {reports[index]}")
        except BaseException as error:  # a worker's exception would otherwise vanish with its thread
            errors.append(error)

    workers = [threading.Thread(target=work, args=(offset,)) for offset in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert mismatches == []


def test_threads_on_two_packs_at_once(rules_dir: Path) -> None:
    # Each ruleset has its own lock, so two packs do run interleaved; the C engine's
    # shared state must not mix their sessions up.
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    other = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    reports = _mixed_reports(pack)
    expected = [pack.suggest_regions(report) for report in reports]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for call in range(500):
                index = (offset * 17 + call) % len(reports)
                chosen = pack if (offset + call) % 2 else other
                assert chosen.suggest_regions(reports[index]) == expected[index], reports[index]
        except BaseException as error:  # a worker's exception would otherwise vanish with its thread
            errors.append(error)

    workers = [threading.Thread(target=work, args=(offset,)) for offset in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads RSS from Linux's /proc")
def test_sessions_past_the_live_session_cap_with_flat_memory(rules_dir: Path) -> None:
    # durable-rules keeps at most 1024 live sessions per ruleset and raises MemoryError on
    # the next; 6,000 calls on one fresh ruleset pass that cap several times over.
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    reports = _mixed_reports(pack)
    expected = {report: pack.suggest_regions(report) for report in reports}
    for call in range(1_000):
        pack.suggest_regions(reports[call % len(reports)])
    gc.collect()
    before = _rss_bytes()
    for call in range(5_000):
        report = reports[call % len(reports)]
        assert pack.suggest_regions(report) == expected[report]
    gc.collect()
    after = _rss_bytes()
    growth = after - before
    print(f"RSS after 1,000-call warm-up: {before / 2**20:.1f} MiB; after 5,000 more: {after / 2**20:.1f} MiB")
    assert growth < 8 * 2**20, f"RSS grew {growth / 2**20:.1f} MiB over 5,000 calls"


# --- several packs in one process ----------------------------------------------------


def test_the_same_folder_loaded_twice_gives_independent_packs(rules_dir: Path) -> None:
    first, second = kneelink.load_pack(rules_dir, engine="durable"), kneelink.load_pack(rules_dir, engine="durable")
    assert first is not second
    assert _durable(first).name != _durable(second).name
    assert first.info == second.info
    for report in _mixed_reports(first):
        assert first.suggest_regions(report) == second.suggest_regions(report)


def test_a_collected_pack_frees_its_ruleset_and_spares_the_others(rules_dir: Path) -> None:
    keeper = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    doomed = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    expected = keeper.suggest_regions(FIRING)
    assert doomed.suggest_regions(FIRING) == expected
    handle = _durable(doomed)._handle
    engine = weakref.ref(doomed._engine)
    del doomed
    gc.collect()
    assert engine() is None
    # A live ruleset answers "no such session" (309) to this probe; a deleted one,
    # "invalid handle": the C ruleset itself is gone, not just the Python object.
    with pytest.raises(_dre.error) as probe:
        _dre.delete_state(handle, "kneelink-test-probe")
    assert not str(probe.value).endswith(f"error code: {_engine._SESSION_NOT_FOUND}")
    assert keeper.suggest_regions(FIRING) == expected
    assert kneelink.load_pack(rules_dir).suggest_regions(FIRING) == expected


# --- faults --------------------------------------------------------------------------


def _fail_on_firing(pack: kneelink.RulePack, monkeypatch: pytest.MonkeyPatch, number: int) -> list[int]:
    """Make the pack's action raise on its ``number``-th firing, once; returns a call counter."""
    real = _durable(pack)._derive
    seen = [0]

    def derive(firing: Firing) -> tuple[str, ...]:
        seen[0] += 1
        if seen[0] == number:
            raise KeyError(f"injected fault in {firing.name}")
        return real(firing)

    monkeypatch.setattr(pack._engine, "_derive", derive)
    return seen


@pytest.mark.parametrize("number", [1, 3])
def test_a_fault_in_an_action_is_an_engine_error_and_the_next_call_works(
    number: int, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    expected = pack.suggest_regions(FIRING, side="left")
    _fail_on_firing(pack, monkeypatch, number)
    with pytest.raises(kneelink.EngineError, match="injected fault") as raised:
        pack.suggest_regions(FIRING, side="left")
    assert isinstance(raised.value, RuntimeError)
    assert isinstance(raised.value.__cause__, KeyError)
    assert pack.suggest_regions(FIRING, side="left") == expected


def test_failed_sessions_are_cleaned_up(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # More failures than durable-rules has live sessions: a leaked session per failure
    # would end in MemoryError.
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    expected = pack.suggest_regions(FIRING)

    def derive(firing: Firing) -> tuple[str, ...]:
        raise ValueError("always")

    monkeypatch.setattr(pack._engine, "_derive", derive)
    for _ in range(1_100):
        with pytest.raises(kneelink.EngineError):
            pack.suggest_regions(FIRING)
    monkeypatch.undo()
    assert pack.suggest_regions(FIRING) == expected


def test_a_fault_in_durable_rules_is_an_engine_error(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    expected = pack.suggest_regions(FIRING)
    real = _dre.assert_facts
    calls = [0]

    def assert_facts(handle: int, facts: str) -> Any:
        calls[0] += 1
        if calls[0] == 2:  # the first derived facts
            raise _dre.error("injected: could not assert facts")
        return real(handle, facts)

    monkeypatch.setattr(_dre, "assert_facts", assert_facts)  # the module object kneelink.engines._durable calls
    with pytest.raises(kneelink.EngineError, match="injected") as raised:
        pack.suggest_regions(FIRING)
    assert not isinstance(raised.value, _dre.error)
    assert pack.suggest_regions(FIRING) == expected


# --- a first session that fires nothing --------------------------------------------------


@pytest.mark.parametrize("first", [["cycling"], ["lateral_knee_pain"]], ids=str)
def test_the_first_report_in_a_process_may_fire_nothing(first: list[str]) -> None:
    # Deleting a session in which no rule fired frees durable-rules' uninitialised action
    # context; on a fresh ruleset that crashed the process. A child process, so that a
    # regression fails this test rather than killing pytest. Aggravating factors alone
    # fire no rule of the article's chain (line 15 needs knee pain).
    code = "import sys, kneelink; print(kneelink.suggest_regions(sys.argv[1:]).region_ids)"
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code, *first], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, f"exit status {child.returncode}; stderr:\n{child.stderr[-3000:]}"
    in_process = kneelink.default_pack().suggest_regions(first).region_ids
    assert child.stdout.strip() == str(in_process)


# --- small packs of our own ------------------------------------------------------------


def _write_pack(folder: Path, body: str) -> Path:
    header = """\
        schema_version = 2

        [pack]
        name = "engine-test"
        version = "1"

        [[region]]
        id = "roll_here"
        label = "Somewhere to roll"
        body_area = "thigh"
        order = 1
        cite = ["article#14"]

        [[region]]
        id = "roll_there"
        label = "Somewhere else to roll"
        body_area = "shin"
        order = 2
        cite = ["article#14"]
    """
    folder.mkdir()
    opening = textwrap.dedent(header).replace("schema_version = 2\n", "schema_version = 2\n" + SOURCES, 1)
    (folder / "pack.toml").write_text(opening + textwrap.dedent(body), encoding="utf-8")
    return folder


def _symptom(id_: str) -> str:
    return f"""
        [[symptom]]
        id = "{id_}"
        label = "{id_}"
        category = "knee_pain"
        cite = ["article#4"]
    """


def test_negation_holds_whatever_order_the_symptoms_sort_in(tmp_path: Path) -> None:
    # The excluded symptom sorts after the positive one: had kneelink compiled `none` to
    # durable-rules' `$not` and asserted symptoms in id order, the excluded one would come
    # too late for durable-rules to withdraw the match.
    positive, excluded = "alpha_pain", "zulu_sign"
    assert positive < excluded
    body = (
        _symptom(positive)
        + _symptom(excluded)
        + f"""
        [[fact]]
        id = "alpha_derived"
        label = "Derived from alpha"
        cite = ["article#4"]

        [[rule]]
        id = "alpha_unless_zulu"
        summary = "Alpha, unless zulu."
        when = {{ all = ["{positive}"], none = ["{excluded}"] }}
        suggest = ["roll_here"]
        role = "primary"
        cite = ["article#4"]

        [[rule]]
        id = "alpha_derives"
        summary = "Alpha derives a fact."
        when = {{ all = ["{positive}"] }}
        derive = ["alpha_derived"]
        cite = ["article#4"]

        [[rule]]
        id = "derived_unless_zulu"
        summary = "The derived fact, unless zulu."
        when = {{ all = ["alpha_derived"], none = ["{excluded}"] }}
        suggest = ["roll_there"]
        role = "supporting"
        cite = ["article#4"]
    """
    )
    pack = kneelink.load_pack(_write_pack(tmp_path / "negation", body))

    # `none` matches a reported absence only: not asked is not "no".
    assert set(pack.suggest_regions([positive]).fired_rules) == {"alpha_derives"}
    alone = pack.suggest_regions(kneelink.SymptomReport(symptoms=[positive], absent=[excluded]))
    assert set(alone.fired_rules) == {"alpha_unless_zulu", "alpha_derives", "derived_unless_zulu"}
    assert alone.region_ids == ("roll_here", "roll_there")

    for order in ([positive, excluded], [excluded, positive]):
        both = pack.suggest_regions(order)
        assert set(both.fired_rules) == {"alpha_derives"}, order
        assert both.region_ids == ()

    # The trap is real in durable-rules itself: without this, the checks above could pass
    # on an engine that never had the problem.
    assert _durable_not_fires_when_the_excluded_fact_comes_second(positive, excluded)


def _durable_not_fires_when_the_excluded_fact_comes_second(positive: str, excluded: str) -> bool:
    rule = {"all": [{"c0": {"f": positive}}, {"n0$not": {"f": excluded}}]}
    handle = _dre.create_ruleset("kneelink-test/raw-not", json.dumps({"unless": rule}))
    try:
        batch = [{"f": positive, "sid": "1"}, {"f": excluded, "sid": "1"}]
        state = _dre.assert_facts(handle, json.dumps(batch))[1]
        started = _dre.start_action_for_state(handle, state)
        if started is None:
            return False
        _dre.complete_and_start_action(handle, state)
        _dre.delete_state(handle, "1")
        return "unless" in json.loads(started[1])
    finally:
        _dre.delete_ruleset(handle)


AGE_RULES = {"adults": (18, 65), "from_55": (55, None), "up_to_11": (None, 11)}


def test_age_bounds_are_inclusive_and_need_an_age(tmp_path: Path) -> None:
    rules = ""
    for name, (low, high) in AGE_RULES.items():
        bounds = ", ".join(f"{key} = {value}" for key, value in (("min", low), ("max", high)) if value is not None)
        rules += f"""
        [[rule]]
        id = "{name}"
        summary = "Age {name}."
        when = {{ all = ["aged_pain"], age = {{ {bounds} }} }}
        suggest = ["roll_here"]
        role = "primary"
        cite = ["article#4"]
        """
    pack = kneelink.load_pack(_write_pack(tmp_path / "ages", _symptom("aged_pain") + rules))

    boundaries = {None} | {
        age
        for low, high in AGE_RULES.values()
        for bound in (low, high)
        if bound is not None
        for age in (bound - 1, bound, bound + 1)
    }
    for age in sorted(boundaries, key=lambda age: -1 if age is None else age):
        fired = set(pack.suggest_regions("aged_pain", age=age).fired_rules)
        expected = {
            name
            for name, (low, high) in AGE_RULES.items()
            if age is not None and (low is None or age >= low) and (high is None or age <= high)
        }
        assert fired == expected, f"age {age}"


def test_an_id_in_both_all_and_any_needs_only_one_fact(tmp_path: Path) -> None:
    # A condition holds with "every fact in `all`, at least one in `any`": `ache` alone
    # satisfies both lists. (Matching it twice would need two `ache` facts, and a report
    # holds each symptom once.)
    body = (
        _symptom("ache")
        + _symptom("bent")
        + """
        [[rule]]
        id = "ache_with_ache_or_bent"
        summary = "Ache, with ache or bent."
        when = { all = ["ache"], any = ["ache", "bent"] }
        suggest = ["roll_here"]
        role = "primary"
        cite = ["article#4"]
    """
    )
    pack = kneelink.load_pack(_write_pack(tmp_path / "overlap", body))
    assert pack.suggest_regions(["ache"]).region_ids == ("roll_here",)
    assert pack.suggest_regions(["ache", "bent"]).region_ids == ("roll_here",)
    assert pack.suggest_regions(["bent"]).region_ids == ()


def _input_facts(
    negated: frozenset[str], symptoms: frozenset[str], age: int | None, absent: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """The durable-rules facts to assert for a report, written plainly: its age, its
    symptoms, and the absence of each symptom a rule excludes (``negated``) and the report
    says is absent; sorted, so the firing order does not depend on the order given."""
    facts: list[dict[str, Any]] = [] if age is None else [{"age": age}]
    facts += [{"f": id_} for id_ in sorted(symptoms)]
    facts += [{"absent": id_} for id_ in sorted(negated.intersection(absent) - symptoms)]
    return facts


def test_input_facts_spell_out_the_age_the_symptoms_and_the_absences_a_rule_tests() -> None:
    negated = frozenset({"injury", "limp", "fever"})
    assert _input_facts(negated, frozenset({"pain", "limp"}), 40, frozenset({"injury", "swelling"})) == [
        {"age": 40},
        {"f": "limp"},
        {"f": "pain"},
        {"absent": "injury"},
    ]
    assert _input_facts(negated, frozenset({"pain"}), None) == [{"f": "pain"}]  # nothing absent: no `none` can match


@settings(max_examples=200)
@given(report=reports(max_size=8, tri_state=True, ages=st.none() | st.integers(0, 120)))
def test_a_report_goes_to_durable_rules_as_the_json_of_its_input_facts(report: kneelink.SymptomReport) -> None:
    # evaluate() joins precomputed JSON pieces instead of encoding dicts on every call;
    # what durable-rules receives must be exactly the facts _input_facts names.
    engine = kneelink.default_pack(engine="durable")._engine
    assert isinstance(engine, _engine.Engine)
    parts = engine.report_parts(report.symptoms, report.age, report.absent)
    sent = json.loads("[" + ", ".join(part + '"7"}' for part in parts) + "]")
    expected = _input_facts(engine._compiled.negated_symptoms, report.symptoms, report.age, report.absent)
    assert sent == [{**fact, "sid": "7"} for fact in expected]
