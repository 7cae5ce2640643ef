"""CDS Hooks 2.0 cards (the service that sends them is tested over HTTP in test_service)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

import kneelink
from kneelink import testing
from kneelink._triage import triage_style
from kneelink.interop._cds import OVERRIDE_REASONS, OVERRIDE_SYSTEM_URN, SUMMARY_LIMIT, cds_cards, md, safe_url

CARD_KEYS = {"uuid", "summary", "detail", "indicator", "source"}
OPTIONAL_KEYS = {"links", "suggestions", "selectionBehavior", "overrideReasons"}


def check_card(card: dict[str, Any]) -> None:
    """What CDS Hooks 2.0 requires of a card (and what kneelink promises on top)."""
    assert CARD_KEYS <= set(card) <= CARD_KEYS | OPTIONAL_KEYS
    assert isinstance(card["summary"], str)
    assert 0 < len(card["summary"]) < SUMMARY_LIMIT == 140  # the spec: "less than 140 characters"
    if "suggestions" in card:
        assert card["selectionBehavior"] in ("at-most-one", "any")  # required with suggestions
        for suggestion in card["suggestions"]:
            assert suggestion["label"]
            for action in suggestion["actions"]:
                assert action["type"] == "create"
                assert action["resource"]["resourceType"] == "CarePlan"
    for reason in card.get("overrideReasons", []):  # Codings; the spec requires system, code and display
        assert all(isinstance(reason.get(key), str) and reason[key] for key in ("system", "code", "display"))
    for link in card.get("links", []):
        assert link["type"] == "absolute"
        assert safe_url(link["url"]) == link["url"]
    assert card["indicator"] in ("info", "warning", "critical")
    assert isinstance(card["source"], dict)
    assert card["source"]["label"]
    assert isinstance(card["detail"], str)
    assert "not medical advice" in card["detail"]


@given(report=testing.reports(contraindications=True))
@settings(max_examples=60)
def test_every_answer_gives_valid_cards_triage_first(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    cards = kneelink.cds_cards(answer)
    for card in cards:
        check_card(card)
    assert cards[0]["indicator"] == triage_style(answer.triage).cds_indicator
    unscreened = 0 if answer.complete else 1  # a warning card of what is still to ask, after the triage card
    assert len(cards) == 1 + unscreened + len(answer.regions) + (1 if answer.withheld else 0)
    assert len({card["uuid"] for card in cards}) == len(cards)
    if not answer.complete:
        assert cards[1]["indicator"] == "warning"
        assert cards[1]["summary"].startswith("Not complete")
    for card, region in zip(cards[1 + unscreened :], answer.regions, strict=False):
        assert region.label in card["summary"] or card["summary"].endswith("…")
        assert " → ".join(f"`{step}`" for step in region.reasons[0].chain) in card["detail"]
        assert answer.pack.name in card["source"]["label"]
    if answer.withheld:
        assert cards[-1]["indicator"] == "warning"
        for held in answer.withheld:
            assert held.label in cards[-1]["detail"]


def test_triage_indicators_follow_the_levels() -> None:
    calm = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    same_day = kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="right")
    emergency = kneelink.suggest_regions(["one_leg_swelling", "breathless_or_chest_pain"], side="right")
    assert kneelink.cds_cards(calm)[0]["indicator"] == "info"
    assert same_day.triage == "consultation_24"
    assert kneelink.cds_cards(same_day)[0]["indicator"] == "warning"
    assert "Every region is withheld" in kneelink.cds_cards(same_day)[0]["detail"]
    assert emergency.triage == "emergency_ambulance"
    assert kneelink.cds_cards(emergency)[0]["indicator"] == "critical"
    for level, indicator in (
        ("emergency_ambulance", "critical"),
        ("emergency", "critical"),
        ("consultation_24", "warning"),
        ("consultation", "warning"),
        ("self_care", "info"),
    ):
        assert triage_style(level).cds_indicator == indicator


def test_a_region_card_carries_technique_chain_and_citation() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
    card = next(card for card in kneelink.cds_cards(answer) if card["summary"].startswith("Roll"))
    assert card["summary"] == "Roll 1st: Gluteal muscles (buttock), right leg (primary)"
    assert "**How to roll:** Lie on your back" in card["detail"]
    assert '"Find Relief for Your Lingering Knee Pain" paragraphs 10, 11' in card["detail"]
    assert "Caveat: The author says most knee pain, not all" in card["detail"]
    assert card["source"]["label"] == f"kneelink-default {answer.pack.version}: {answer.regions[0].reasons[0].source}"
    assert kneelink.cds_cards(answer) == kneelink.cds_cards(answer)  # stable uuids


def test_card_uuids_are_unique_per_hook_instance() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    first, second = kneelink.cds_cards(answer, hook_instance="one"), kneelink.cds_cards(answer, hook_instance="two")
    uuids = [card["uuid"] for card in first + second]
    uuids += [s["uuid"] for card in first + second for s in card.get("suggestions", [])]
    assert len(set(uuids)) == len(uuids)
    assert first == kneelink.cds_cards(answer, hook_instance="one")


def test_every_card_offers_override_reasons_in_kneelinks_code_system() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    plain = kneelink.cds_cards(answer)
    based = cds_cards(answer, canonical_base="https://fhir.example.org/")
    assert all(card["overrideReasons"] for card in plain + based)
    systems = {reason["system"] for card in plain for reason in card["overrideReasons"]}
    assert systems == {OVERRIDE_SYSTEM_URN}
    systems = {reason["system"] for card in based for reason in card["overrideReasons"]}
    assert systems == {"https://fhir.example.org/CodeSystem/override-reason"}
    codes = [reason["code"] for reason in plain[0]["overrideReasons"]]
    assert codes == [code for code, _ in OVERRIDE_REASONS]
    assert len(set(codes)) == len(codes)


def test_the_triage_card_suggests_the_care_plan_as_a_create_action() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="right")
    triage = kneelink.cds_cards(answer)[0]
    (suggestion,) = triage["suggestions"]
    assert triage["selectionBehavior"] == "any"
    assert suggestion["isRecommended"] is True
    assert "referral included" in suggestion["label"]
    (action,) = suggestion["actions"]
    assert action["resource"] == kneelink.care_plan(answer)
    assert triage["links"][0] == {
        "label": "DVT (deep vein thrombosis)",
        "url": "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
        "type": "absolute",
    }


HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) <https://evil.example> *x* `y`\n# Heading\x00"


def rendered(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    # Raw HTML allowed, as a permissive renderer would: only the escaping keeps pack text text.
    return str(markdown_it.MarkdownIt("commonmark", {"html": True}).render(markdown))


def test_pack_text_is_escaped_for_markdown_and_urls_must_be_plain_http() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right", contraindications=[("open_wound", "calf")])
    region = answer.regions[0]
    reason = region.reasons[0].model_copy(update={"summary": HOSTILE, "caveat": HOSTILE, "rule": "x`y"})
    held = answer.withheld[0]
    bad_citation = held.citations[0].model_copy(update={"address": 'https://x.example/"><script>alert(1)</script>'})
    hostile = answer.model_copy(
        update={
            "regions": (region.model_copy(update={"label": HOSTILE, "reasons": (reason,)}), *answer.regions[1:]),
            "withheld": (held.model_copy(update={"label": HOSTILE, "reason": HOSTILE, "citations": (bad_citation,)}),),
        }
    )
    cards = kneelink.cds_cards(hostile, pack=None)
    for card in cards:
        check_card(card)
        html = rendered(card["detail"])
        assert "<script" not in html
        assert 'href="javascript' not in html
        assert "<h1>" not in html
        assert "<em>x</em>" not in html
        assert "\x00" not in card["detail"]
    first_region = next(card for card in cards if card["summary"].startswith("Roll"))
    assert "&lt;script&gt;" in rendered(first_region["detail"])  # shown as text, not dropped
    assert "url" not in cards[-1]["source"]  # the address with a quote and a tag is not linked
    assert md("a_b") == "a\\_b"
    assert [safe_url(u) for u in ("https://a.example/x?y=1#z", "javascript:alert(1)", 'https://a/"><s>')] == [
        "https://a.example/x?y=1#z",
        None,
        None,
    ]


def test_a_self_care_flag_that_holds_rolling_back_says_so_and_links_its_source() -> None:
    answer = kneelink.suggest_regions(["knee_pain", "knee_injury"], age=30)
    (triage, unscreened, withheld) = kneelink.cds_cards(answer)
    assert unscreened["summary"].startswith("Not complete")  # the age is given; the warning signs are not
    assert answer.triage == "self_care"
    assert triage["indicator"] == "info"
    assert triage["summary"].startswith("Self care, but no foam rolling for now")
    assert "foam rolling as suggested" not in triage["summary"]
    assert triage["source"]["url"] == "https://www.nhs.uk/conditions/sprains-and-strains/"
    assert withheld["indicator"] == "warning"


def test_a_region_card_links_its_first_citation_with_an_address() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right", contraindications=[("open_wound", "calf")])
    cards = kneelink.cds_cards(answer)
    assert all("url" not in card["source"] for card in cards[1:-1])  # the article has no address
    assert cards[-1]["source"]["url"] == "https://doi.org/10.3390/jcm10225360"
