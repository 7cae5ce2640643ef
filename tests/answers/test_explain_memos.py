"""What the explanation keeps between calls is keyed exactly.

With the answer cache off, a pack still keeps each answer's fields it has worked out
(``Explainer._answers``), because most reports share one: keyed by the set of firings, the
side, the local contraindications, and the report's projection onto the ids the red-flag
rules name (``screened_part``, what ``unscreened`` reads). That is correct only if the key
captures everything the answer depends on. These properties answer a stream of reports
with the memo warm, then work the same answer out again from nothing, and require the two
to be equal: a key that left something out would hand one report another's answer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kneelink
from kneelink._explain import Explainer
from kneelink._report import SymptomReport
from kneelink._screening import _index
from kneelink.testing import GeneratedPack, reports, rule_packs


def _uncached_default_pack() -> kneelink.RulePack:
    return kneelink.RulePack(kneelink.default_pack().content, engine="native", cache_size=0)


def _explainer(pack: kneelink.RulePack) -> Explainer:
    # functools.partial(_suggestion_for, explainer=..., windows=..., warning_signs=...)
    explainer = pack._answer_with.keywords["explainer"]  # type: ignore[attr-defined]
    assert isinstance(explainer, Explainer)
    return explainer


def _from_nothing(pack: kneelink.RulePack, report: SymptomReport) -> kneelink.Suggestion:
    """The answer with every kept answer forgotten first, so it is worked out."""
    _explainer(pack)._answers.clear()
    return pack.suggest_regions(report)


def _check_stream(pack: kneelink.RulePack, stream: list[SymptomReport]) -> int:
    """Answer ``stream`` with the kept values warm, then each again from nothing; returns
    how many warm answers were served by a kept answer another report had made."""
    explainer = _explainer(pack)
    warm = []
    served = 0
    for report in stream:
        before = len(explainer._answers)
        warm.append(pack.suggest_regions(report))
        served += len(explainer._answers) == before
    for report, answer in zip(stream, warm, strict=True):
        assert _from_nothing(pack, report) == answer, report
    return served


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=rule_packs(max_rules=12), data=st.data())
def test_kept_answers_equal_fresh_ones_on_random_packs(generated: GeneratedPack, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pack = kneelink.load_pack(generated.write(Path(folder)), engine="native", cache_size=0)
    ages = st.none() | st.integers(0, 120)
    stream = data.draw(st.lists(reports(pack, max_size=5, tri_state=True, ages=ages), min_size=2, max_size=10))
    _check_stream(pack, stream)


@settings(max_examples=40, deadline=None)
@given(
    stream=st.lists(
        reports(max_size=6, tri_state=True, ages=st.none() | st.integers(0, 120), contraindications=True),
        min_size=5,
        max_size=25,
    )
)
def test_kept_answers_equal_fresh_ones_on_the_default_pack(stream: list[SymptomReport]) -> None:
    _check_stream(_uncached_default_pack(), stream)


def test_reports_with_the_same_firings_share_what_they_decide() -> None:
    # Guards the properties above against never exercising a kept value: two reports that
    # differ only in an age no rule tells apart fire the same rules and share an answer; a
    # third on the other side fires them too, and its regions follow its side.
    pack = _uncached_default_pack()
    first = SymptomReport(symptoms=["lateral_knee_pain", "running_downhill"], side="left", age=30)
    second = SymptomReport(symptoms=["lateral_knee_pain", "running_downhill"], side="left", age=31)
    third = SymptomReport(symptoms=["lateral_knee_pain", "running_downhill"], side="right", age=31)
    assert _check_stream(pack, [first, second, third]) >= 1
    assert pack.suggest_regions(third).regions[0].side == "right"
    assert pack.suggest_regions(third).fired_rules == pack.suggest_regions(first).fired_rules


def test_a_kept_screen_is_not_reused_across_an_age_boundary() -> None:
    # The key holds the age's place among the red-flag rules' age bounds, not the
    # age itself; every age from 0 to 120, answered warm in one stream, must get the
    # answer worked out from nothing.
    pack = _uncached_default_pack()
    assert _index(pack.content).age_bounds, "the default pack has red-flag rules with age ranges"
    symptom_sets = [["knee_pain"], ["breathless_or_chest_pain", "cycling"], ["knee_injury", "swollen_knee"]]
    stream = [SymptomReport(symptoms=symptoms, age=age) for symptoms in symptom_sets for age in range(121)]
    _check_stream(pack, stream)
    # Guard: somewhere in the stream, the age alone changes what is unscreened while the
    # red flags stay the same, so a key without the age's place would be caught above.
    by_flags: dict[tuple[tuple[str, ...], tuple[str, ...]], set[tuple[str, ...]]] = {}
    for report in stream:
        answer = pack.suggest_regions(report)
        key = (tuple(sorted(report.symptoms)), tuple(hit.id for hit in answer.red_flags))
        by_flags.setdefault(key, set()).add(answer.unscreened)
    assert any(len(unscreened) > 1 for unscreened in by_flags.values())


def test_the_regions_kept_for_a_set_of_firings_follow_the_side_and_what_is_withheld() -> None:
    # The same rules fire for all three reports; only the side and a contraindication on
    # one region differ, and each must change the regions shown, warm or worked out.
    pack = _uncached_default_pack()
    symptoms = ["lateral_knee_pain", "running_downhill"]
    plain = SymptomReport(symptoms=symptoms, side="right")
    first = pack.suggest_regions(plain).regions[0].region
    kind = sorted(pack.content.contraindications)[0]
    held = SymptomReport(symptoms=symptoms, side="right", contraindications=[{"kind": kind, "region": first}])
    left = SymptomReport(symptoms=symptoms, side="left")
    _check_stream(pack, [plain, held, left, plain])
    answers = [pack.suggest_regions(report) for report in (plain, held, left)]
    assert len({answer.fired_rules for answer in answers}) == 1
    assert first in {region.region for region in answers[0].regions}
    assert first not in {region.region for region in answers[1].regions}
    assert first in {withheld.region for withheld in answers[1].withheld}
    assert {region.side for region in answers[2].regions} == {"left"}
