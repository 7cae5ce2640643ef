"""CDS Hooks 2.0 cards, and the service answering them over real HTTP on loopback."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings

import kneelink
from kneelink import testing
from kneelink.interop._cds import SUMMARY_LIMIT
from kneelink.rendering._triage import triage_style

CARD_KEYS = {"uuid", "summary", "detail", "indicator", "source"}


def check_card(card: dict[str, Any]) -> None:
    """What CDS Hooks 2.0 requires of a card (and what kneelink promises on top)."""
    assert set(card) == CARD_KEYS
    assert isinstance(card["summary"], str)
    assert 0 < len(card["summary"]) <= SUMMARY_LIMIT == 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert isinstance(card["source"], dict)
    assert card["source"]["label"]
    assert isinstance(card["detail"], str)
    assert "not medical advice" in card["detail"]


@given(report=testing.reports(contraindications=True))
@settings(max_examples=60)
def test_every_answer_gives_valid_cards_triage_first(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    cards = answer.to_cds_cards()
    for card in cards:
        check_card(card)
    assert cards[0]["indicator"] == triage_style(answer.triage).cds_indicator
    assert len(cards) == 1 + len(answer.regions) + (1 if answer.withheld else 0)
    assert len({card["uuid"] for card in cards}) == len(cards)
    for card, region in zip(cards[1:], answer.regions, strict=False):
        assert region.label in card["summary"] or len(card["summary"]) == SUMMARY_LIMIT
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
    assert calm.to_cds_cards()[0]["indicator"] == "info"
    assert same_day.triage == "consultation_24"
    assert same_day.to_cds_cards()[0]["indicator"] == "warning"
    assert "Every region is withheld" in same_day.to_cds_cards()[0]["detail"]
    assert emergency.triage == "emergency_ambulance"
    assert emergency.to_cds_cards()[0]["indicator"] == "critical"
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
    card = answer.to_cds_cards()[1]
    assert card["summary"] == "Roll 1st: Gluteal muscles (buttock), right leg (primary)"
    assert "**How to roll:** Lie on your back" in card["detail"]
    assert '"Find Relief for Your Lingering Knee Pain" paragraphs 10, 11' in card["detail"]
    assert "Caveat: The author says most knee pain, not all" in card["detail"]
    assert card["source"]["label"] == f"kneelink-default {answer.pack.version}: {answer.regions[0].reasons[0].source}"
    assert answer.to_cds_cards() == answer.to_cds_cards()  # stable uuids


# -- the service, over HTTP -------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    uvicorn = pytest.importorskip("uvicorn")
    from kneelink.interop._service import app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, chosen by the system
    host, port = sock.getsockname()
    config = uvicorn.Config(app(), log_level="warning", lifespan="on")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: at most 10 s
        if instance.started:
            break
        threading.Event().wait(0.05)
    assert instance.started, "the service did not start"
    yield host, port
    instance.should_exit = True
    thread.join(timeout=10)
    sock.close()
    assert not thread.is_alive()


def request(
    server: tuple[str, int], method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    connection = http.client.HTTPConnection(*server, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {"content-type": "application/json"})
        response = connection.getresponse()
        raw = response.read()
        head = {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()
    return response.status, head, json.loads(raw) if raw else None


def hook_request(report: object, *, where: str = "context") -> bytes:
    body: dict[str, Any] = {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"}
    body["context"] = {"patientId": "example"}
    body[where] = {**body.get(where, {}), "kneelinkReport": report}
    return json.dumps(body).encode()


def test_discovery_lists_the_knee_service(server: tuple[str, int]) -> None:
    status, head, payload = request(server, "GET", "/cds-services")
    assert status == 200
    assert head["content-type"] == "application/json"
    assert head["access-control-allow-origin"] == "*"
    (service,) = payload["services"]
    assert service["id"] == "kneelink-knee"
    assert {"hook", "id", "description"} <= set(service)


@pytest.mark.parametrize("where", ["context", "prefetch"])
def test_the_service_answers_with_the_same_cards_as_the_library(server: tuple[str, int], where: str) -> None:
    report = {
        "symptoms": ["lateral_knee_pain"],
        "side": "right",
        "age": 34,
        "contraindications": [["open_wound", "calf"]],
    }
    status, _, payload = request(server, "POST", "/cds-services/kneelink-knee", hook_request(report, where=where))
    assert status == 200, payload
    expected = kneelink.suggest_regions(
        ["lateral_knee_pain"], side="right", age=34, contraindications=[("open_wound", "calf")]
    ).to_cds_cards()
    assert payload == {"cards": expected}


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"not json", 400, "not JSON"),
        (b"\xff\xfe", 400, "not JSON"),
        (b"[]", 400, "JSON object"),
        (json.dumps({"hookInstance": "x", "context": {}}).encode(), 400, "`hook`"),
        (json.dumps({"hook": "patient-view", "hookInstance": "x"}).encode(), 400, "`context`"),
        (json.dumps({"hook": "h", "hookInstance": "x", "context": {}}).encode(), 400, "kneelinkReport"),
        (json.dumps({"hook": "h", "hookInstance": "x", "context": {}, "prefetch": []}).encode(), 400, "`prefetch`"),
        (hook_request({"symptoms": ["lateral_knee_pian"]}), 400, "did you mean 'lateral_knee_pain'"),
        (hook_request({"symptoms": []}), 400, "invalid symptom report"),
        (hook_request({"symptoms": ["knee_pain"], "age": "old"}), 400, "invalid symptom report"),
        (hook_request({"symptoms": ["knee_pain"], "colour": "red"}), 400, "invalid symptom report"),
        (hook_request({"symptoms": ["knee_pain"], "contraindications": [["open_wound"]]}), 400, "invalid symptom"),
        (hook_request({"symptoms": ["knee_pain"], "contraindications": [["x", "calf"]]}), 400, "contraindication"),
        (hook_request("knee_pain"), 400, "kneelinkReport"),
        (b"{" * 70_000, 413, "over 65536 bytes"),
    ],
)
def test_malformed_requests_get_a_json_error_never_a_traceback(
    server: tuple[str, int], body: bytes, status: int, says: str
) -> None:
    got, head, payload = request(server, "POST", "/cds-services/kneelink-knee", body)
    assert got == status, payload
    assert head["content-type"] == "application/json"
    assert set(payload) == {"error"}
    assert says in payload["error"]
    assert "Traceback" not in payload["error"]


def test_wrong_paths_and_methods(server: tuple[str, int]) -> None:
    status, _, payload = request(server, "GET", "/nowhere")
    assert (status, set(payload)) == (404, {"error"})
    status, head, payload = request(server, "GET", "/cds-services/kneelink-knee")
    assert status == 405
    assert "use POST" in payload["error"]
    status, head, payload = request(server, "OPTIONS", "/cds-services/kneelink-knee")
    assert (status, payload) == (204, None)
    assert "POST" in head["access-control-allow-methods"]


def test_a_self_care_flag_that_holds_rolling_back_says_so_and_links_its_source() -> None:
    answer = kneelink.suggest_regions(["knee_pain", "knee_injury"], age=30)
    (triage, withheld) = answer.to_cds_cards()
    assert answer.triage == "self_care"
    assert triage["indicator"] == "info"
    assert triage["summary"].startswith("Self care, but no foam rolling for now")
    assert "foam rolling as suggested" not in triage["summary"]
    assert triage["source"]["url"] == "https://www.nhs.uk/conditions/sprains-and-strains/"
    assert withheld["indicator"] == "warning"


def test_a_region_card_links_its_first_citation_with_an_address() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right", contraindications=[("open_wound", "calf")])
    cards = answer.to_cds_cards()
    assert all("url" not in card["source"] for card in cards[1:-1])  # the article has no address
    assert cards[-1]["source"]["url"] == "https://doi.org/10.3390/jcm10225360"
