"""SymptomReport, and the errors suggest_regions raises for input it cannot accept."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from packs import REGION_CALF, REGION_QUADRICEPS, header, write_pack
from pydantic import ValidationError

import kneelink
from kneelink import LocalContraindication, SymptomReport

TINY_PACK = (
    header("tiny", "1.0")
    + """
[[symptom]]
id = "knee_pain"
label = "Knee pain"
category = "knee_pain"
synonyms = ["sore knee"]
cite = ["article#4"]
"""
    + REGION_CALF
    + REGION_QUADRICEPS
    + """
[[contraindication]]
id = "open_wound"
label = "Open wound"
message = "Never roll over an open wound."
cite = ["reference"]

[[rule]]
id = "roll_the_leg"
summary = "Roll the calf and quadriceps."
when = { all = ["knee_pain"] }
suggest = ["calf", "quadriceps"]
role = "primary"
cite = ["article#14"]
"""
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> kneelink.RulePack:
    return kneelink.load_pack(write_pack(tmp_path_factory.mktemp("tiny"), pack=TINY_PACK))


# --- The model ------------------------------------------------------------------------------


def test_report_is_frozen_and_hashable() -> None:
    report = SymptomReport(symptoms=["knee_pain"], side="left", age=40)
    with pytest.raises(ValidationError):
        report.side = "right"
    with pytest.raises(ValidationError):
        report.age = 41
    assert report.side == "left"
    assert isinstance(report.symptoms, frozenset)
    assert hash(report) == hash(SymptomReport(symptoms=["knee_pain"], side="left", age=40))


def test_bare_string_is_one_id() -> None:
    assert SymptomReport(symptoms="knee_pain").symptoms == frozenset({"knee_pain"})
    assert SymptomReport(symptoms="ab").symptoms == frozenset({"ab"})


def test_any_iterable_of_ids_is_accepted() -> None:
    expected = frozenset({"a", "b"})
    assert SymptomReport(symptoms=("a", "b")).symptoms == expected
    assert SymptomReport(symptoms={"a", "b"}).symptoms == expected
    assert SymptomReport(symptoms=(id_ for id_ in ["a", "b"])).symptoms == expected


def test_symptoms_are_a_set() -> None:
    once = SymptomReport(symptoms=["b", "a"])
    twice = SymptomReport(symptoms=["a", "b", "a", "b"])
    assert twice.symptoms == frozenset({"a", "b"})
    assert once == twice


def test_ids_are_stripped() -> None:
    assert SymptomReport(symptoms=["  knee_pain\n"]).symptoms == frozenset({"knee_pain"})


def test_duplicates_do_not_change_the_answer() -> None:
    once = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"])
    twice = kneelink.suggest_regions(["running_downhill", "lateral_knee_pain", "lateral_knee_pain"])
    assert once == twice


@pytest.mark.parametrize("side", ["left", "right", "both", None])
def test_side_accepts_the_literals(side: Any) -> None:
    assert SymptomReport(symptoms=["a"], side=side).side == side


@pytest.mark.parametrize("side", ["Left", "up", "", 1, True])
def test_side_rejects_anything_else(side: Any) -> None:
    with pytest.raises(kneelink.ReportError, match="side"):
        SymptomReport(symptoms=["a"], side=side)


@pytest.mark.parametrize("age", [0, 1, 34, 120, None])
def test_age_accepts_whole_years(age: int | None) -> None:
    assert SymptomReport(symptoms=["a"], age=age).age == age


@pytest.mark.parametrize("age", [True, False, "34", 34.0, 121, -1, 10**6])
def test_age_rejects(age: Any) -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        SymptomReport(symptoms=["a"], age=age)
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, ValidationError)
    assert str(caught.value).startswith("invalid symptom report: age: ")
    assert f"(got {age!r})" in str(caught.value)


@pytest.mark.parametrize(
    "fields",
    [
        {"symptoms": ["a"], "sex": "f"},
        {"symptom": ["a"]},
        {"symptoms": []},
        {"symptoms": [""]},
        {"symptoms": ["   "]},
        {"symptoms": ["x" * 101]},
        {"symptoms": None},
        {"symptoms": 7},
        {"symptoms": [7]},
        {"symptoms": b"knee_pain"},
        {"symptoms": {"knee_pain": True}},
    ],
)
def test_bad_reports_raise_report_error(fields: dict[str, Any]) -> None:
    with pytest.raises(kneelink.ReportError, match=r"^invalid symptom report: "):
        SymptomReport(**fields)


def test_unknown_key_is_named() -> None:
    with pytest.raises(kneelink.ReportError, match="sex"):
        SymptomReport(symptoms=["a"], sex="f")


def test_contraindications_accept_pairs_dicts_and_models() -> None:
    model = LocalContraindication(kind="open_wound", region="calf")
    for given_as in ([("open_wound", "calf")], [{"kind": "open_wound", "region": "calf"}], [model], (model, model)):
        report = SymptomReport(symptoms=["a"], contraindications=given_as)
        assert report.contraindications == frozenset({model})


@pytest.mark.parametrize(
    "contraindications",
    [
        [("open_wound",)],
        [("open_wound", "calf", "left")],
        [["open_wound", "calf", "left"]],
        [{"kind": "open_wound"}],
        [{"kind": "open_wound", "region": "calf", "side": "left"}],
        "open_wound",
        {"kind": "open_wound", "region": "calf"},
    ],
)
def test_bad_contraindications_raise_report_error(contraindications: Any) -> None:
    with pytest.raises(kneelink.ReportError, match="contraindications"):
        SymptomReport(symptoms=["a"], contraindications=contraindications)


def test_local_contraindication_is_frozen_and_strict() -> None:
    item = LocalContraindication(kind="open_wound", region="calf")
    with pytest.raises(ValidationError):
        item.region = "tfl"
    with pytest.raises(ValidationError):
        LocalContraindication.model_validate({"kind": "open_wound", "region": "calf", "size": 3})


# --- suggest_regions: ids the pack does not know --------------------------------------------


def test_unknown_symptom_typo() -> None:
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(["lateral_knee_pian"])
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, kneelink.ReportError)
    assert isinstance(error, kneelink.UnknownIdError)
    assert error.value == "lateral_knee_pian"
    assert error.suggestions[0] == "lateral_knee_pain"
    assert error.kind == "symptom"
    assert error.pack == kneelink.default_pack().info.name
    assert "unknown symptom 'lateral_knee_pian'" in str(error)
    assert "did you mean 'lateral_knee_pain'" in str(error)


def test_unknown_symptom_lay_synonym() -> None:
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(["tight ITB"])
    assert caught.value.value == "tight ITB"
    assert "it_band_tightness" in caught.value.suggestions
    assert "'it_band_tightness'" in str(caught.value)


def test_unknown_symptom_is_reported_beside_known_ones() -> None:
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(["knee_pain", "zzz_nothing_like_it"])
    assert caught.value.value == "zzz_nothing_like_it"
    assert caught.value.suggestions == ()
    assert "did you mean" not in str(caught.value)


def test_unknown_symptom_in_a_report_object() -> None:
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(SymptomReport(symptoms=["knee_pian"]))
    assert "knee_pain" in caught.value.suggestions


def test_contraindication_withholds_its_region(tiny: kneelink.RulePack) -> None:
    assert tiny.suggest_regions("knee_pain").region_ids == ("calf", "quadriceps")
    for given_as in (
        [("open_wound", "calf")],
        [{"kind": "open_wound", "region": "calf"}],
        [LocalContraindication(kind="open_wound", region="calf")],
    ):
        answer = tiny.suggest_regions("knee_pain", contraindications=given_as)
        assert answer.region_ids == ("quadriceps",)
        assert [(held.region, held.contraindication) for held in answer.withheld] == [("calf", "open_wound")]


def test_unknown_contraindication_kind(tiny: kneelink.RulePack) -> None:
    with pytest.raises(kneelink.UnknownContraindicationError) as caught:
        tiny.suggest_regions("knee_pain", contraindications=[("open_wond", "calf")])
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, kneelink.UnknownIdError)
    assert caught.value.value == "open_wond"
    assert caught.value.suggestions == ("open_wound",)
    assert str(caught.value) == (
        "unknown contraindication 'open_wond' in rule pack 'tiny'; did you mean 'open_wound'? "
        "(valid contraindications: open_wound)"
    )


def test_unknown_region(tiny: kneelink.RulePack) -> None:
    with pytest.raises(kneelink.UnknownRegionError) as caught:
        tiny.suggest_regions("knee_pain", contraindications=[("open_wound", "calff")])
    assert isinstance(caught.value, ValueError)
    assert caught.value.value == "calff"
    assert caught.value.suggestions == ("calf",)
    assert str(caught.value) == "unknown region 'calff' in rule pack 'tiny'; did you mean 'calf'?"


@pytest.mark.parametrize("beside", [{"side": "left"}, {"age": 30}, {"contraindications": [("open_wound", "calf")]}])
def test_fields_beside_a_report_are_rejected(beside: dict[str, Any]) -> None:
    report = SymptomReport(symptoms=["knee_pain"])
    with pytest.raises(kneelink.ReportError, match="inside the SymptomReport") as caught:
        kneelink.suggest_regions(report, **beside)
    assert not isinstance(caught.value, kneelink.UnknownIdError)


def test_report_and_plain_arguments_give_the_same_answer() -> None:
    report = SymptomReport(symptoms=["anterior_knee_pain", "stairs_pain"], side="both", age=52)
    plain = kneelink.suggest_regions(["anterior_knee_pain", "stairs_pain"], side="both", age=52)
    assert kneelink.suggest_regions(report) == plain
    assert {region.side for region in plain.regions} == {"both"}


def test_bad_age_through_suggest_regions() -> None:
    with pytest.raises(kneelink.ReportError, match="age"):
        kneelink.suggest_regions(["knee_pain"], age=121)
    with pytest.raises(kneelink.ReportError, match="age"):
        kneelink.suggest_regions(["knee_pain"], age=True)


# --- Nothing but ReportError escapes --------------------------------------------------------

_VALID = ["knee_pain", "lateral_knee_pain", "running_downhill", "anterior_knee_pain", "prolonged_sitting"]

_ids = st.one_of(st.text(max_size=120), st.sampled_from(_VALID), st.integers(), st.none(), st.binary(max_size=5))
_anything = st.one_of(st.none(), st.integers(-(10**9), 10**9), st.booleans(), st.text(max_size=20), st.floats())


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    symptoms=st.one_of(st.lists(_ids, max_size=5), st.text(max_size=30), _anything),
    side=st.one_of(st.sampled_from(["left", "right", "both"]), _anything),
    age=st.one_of(st.integers(0, 120), _anything),
    contraindications=st.one_of(
        st.just(()),
        st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), max_size=2),
        st.lists(st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3), max_size=2),
        _anything,
    ),
)
def test_only_report_errors_escape(symptoms: Any, side: Any, age: Any, contraindications: Any) -> None:
    outcome: kneelink.Suggestion | kneelink.ReportError
    try:
        outcome = kneelink.suggest_regions(symptoms, side=side, age=age, contraindications=contraindications)
    except kneelink.ReportError as error:  # anything else, a KeyError or a ValidationError, fails the test
        outcome = error
    if isinstance(outcome, kneelink.ReportError):
        assert not isinstance(outcome, (KeyError, ValidationError))
        assert str(outcome)
        if isinstance(outcome, kneelink.UnknownIdError):
            assert isinstance(outcome.value, str)
            assert repr(outcome.value) in str(outcome)
    else:
        assert set(outcome.region_ids) <= set(kneelink.default_pack().regions)


@settings(deadline=None, max_examples=100)
@given(st.text(min_size=1, max_size=60))
def test_any_unknown_text_id_names_itself(text: str) -> None:
    known = set(kneelink.default_pack().symptoms)
    try:
        (id_,) = SymptomReport(symptoms=[text]).symptoms
    except kneelink.ReportError:
        id_ = None  # blank or too long; test_only_report_errors_escape covers suggest_regions here
    assume(id_ is not None)
    if id_ in known:
        assert isinstance(kneelink.suggest_regions([text]), kneelink.Suggestion)
    else:
        with pytest.raises(kneelink.UnknownSymptomError) as caught:
            kneelink.suggest_regions([text])
        assert caught.value.value == id_
        assert set(caught.value.suggestions) <= known
        assert len(caught.value.suggestions) <= 3
