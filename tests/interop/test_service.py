"""The CDS Hooks service over real HTTP on loopback (uvicorn started here, on a free port):
the spec's example requests adapted to kneelink, FHIR in, every bad request a 4xx JSON
error, CORS, slow and idle clients cut off, and card feedback in SQLite."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import ipaddress
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cds_server import JSON, Server, request, running
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from paths import ROOT

import kneelink

pytest.importorskip("starlette")
from kneelink.interop._cds import cds_cards
from kneelink.interop._feedback import summary as feedback_summary
from kneelink.interop._service import CUSTOM_SERVICE_ID, SERVICE_ID, ServiceConfig, create_app, is_loopback

TODAY = dt.date(2026, 6, 15)
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"  # the spec's example


@pytest.fixture(scope="module")
def feedback_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "sub" / "feedback.sqlite3"


@pytest.fixture(scope="module")
def server(feedback_db: Path) -> Iterator[Server]:
    config = ServiceConfig(feedback_path=feedback_db, today=lambda: TODAY, body_timeout=1.5)
    with running(create_app(config=config), head_timeout=1.5) as address:
        yield address


def condition(
    system: str, code: str, *, patient: str = "1288992", site: str | None = None, **more: Any
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "subject": {"reference": f"Patient/{patient}"},
        "code": {"coding": [{"system": system, "code": code}]},
        **more,
    }
    if site is not None:
        resource["bodySite"] = [{"coding": [{"system": SNOMED, "code": site}]}]
    return resource


def patient_view(conditions: list[dict[str, Any]], birth: str | None = "1925-12-23", **context: Any) -> dict[str, Any]:
    """The spec's patient-view example request, with kneelink's prefetch keys filled in."""
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "1288992", "gender": "male", "active": True}
    if birth is not None:
        patient["birthDate"] = birth
    return {
        "hookInstance": HOOK_INSTANCE,
        "fhirServer": "http://hooks.smarthealthit.org:9080",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1288992", "encounterId": "89284", **context},
        "prefetch": {
            "patient": patient,
            "conditions": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": resource} for resource in conditions],
            },
        },
    }


def custom(report: dict[str, Any], hook_instance: str = HOOK_INSTANCE) -> dict[str, Any]:
    context = {"patientId": "1288992", "report": report}
    return {"hook": "org.kneelink.knee-symptoms", "hookInstance": hook_instance, "context": context}


def library_cards(answer: kneelink.Suggestion) -> list[dict[str, Any]]:
    """The cards the library makes for the example request's patient and hook instance."""
    return cds_cards(answer, hook_instance=HOOK_INSTANCE, subject="Patient/1288992")


def post(server: Server, body: object, service: str = SERVICE_ID, **headers: str) -> tuple[int, dict[str, str], Any]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return request(server, "POST", f"/cds-services/{service}", raw, {**JSON, **headers})


def test_discovery_declares_both_hooks_and_the_prefetch_templates(server: Server) -> None:
    status, head, payload = request(server, "GET", "/cds-services")
    assert status == 200
    assert head["content-type"] == "application/json"
    assert "access-control-allow-origin" not in head  # no CORS unless origins are configured
    services = {service["id"]: service for service in payload["services"]}
    assert services[SERVICE_ID]["hook"] == "patient-view"
    assert services[SERVICE_ID]["prefetch"] == {
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}",
    }
    assert services[CUSTOM_SERVICE_ID]["hook"] == "org.kneelink.knee-symptoms"  # reverse-domain: a custom hook
    for service in services.values():
        assert {"hook", "id", "title", "description"} <= set(service)


def test_a_real_patient_view_request_reads_coded_conditions_side_and_age(server: Server) -> None:
    conditions = [
        condition(ICD10CM, "M25.561"),  # pain in right knee
        condition(ICD10CM, "Z79.01"),  # on anticoagulants
        condition(SNOMED, "44054006", site="419465000"),  # a code kneelink does not know
    ]
    status, _, payload = post(server, patient_view(conditions))
    assert status == 200, payload
    expected = kneelink.suggest_regions(["knee_pain", "takes_anticoagulants"], side="right", age=100)
    cards = payload["cards"]
    assert cards[:-1] == library_cards(expected)
    data = cards[-1]
    assert "M25.561" in data["detail"]
    assert "Z79.01" in data["detail"]
    assert "age 100 on 2026-06-15" in data["detail"]
    assert "44054006" in data["detail"]
    assert "did not understand" in data["detail"]
    assert "1 code(s) not understood" in data["summary"]
    plan = cards[0]["suggestions"][0]["actions"][0]["resource"]
    assert plan["subject"] == {"reference": "Patient/1288992"}


@pytest.mark.parametrize(
    ("conditions", "side"),
    [
        ([condition(SNOMED, "30989003", site="419161000")], "left"),  # R4's Unilateral left
        ([condition(SNOMED, "30989003", site="24028007")], "right"),  # R5's Right
        ([condition(ICD10CM, "M25.561"), condition(ICD10CM, "M25.562")], "both"),
        ([condition(ICD10CM, "M25.569", site="51440002")], "both"),
        ([condition(ICD10CM, "M25.569")], None),
    ],
)
def test_the_side_comes_from_the_code_or_the_body_site(
    server: Server, conditions: list[dict[str, Any]], side: str | None
) -> None:
    status, _, payload = post(server, patient_view(conditions, birth=None))
    assert status == 200, payload
    expected = kneelink.suggest_regions(["knee_pain"], side=side)  # type: ignore[arg-type]
    assert payload["cards"][:-1] == library_cards(expected)
    assert "no birthDate" in payload["cards"][-1]["detail"]


def test_conditions_that_no_longer_hold_or_concern_someone_else_are_left_out(server: Server) -> None:
    resolved: dict[str, Any] = {"clinicalStatus": {"coding": [{"code": "resolved"}]}}
    refuted: dict[str, Any] = {"verificationStatus": {"coding": [{"code": "refuted"}]}}
    conditions = [
        condition(ICD10CM, "M25.561"),
        condition(ICD10CM, "Z79.01", **resolved),
        condition(SNOMED, "386661006", **refuted),
        condition(ICD10CM, "M22.41", patient="someone-else"),
    ]
    status, _, payload = post(server, patient_view(conditions, birth="1990-06-15"))
    assert status == 200, payload
    expected = kneelink.suggest_regions(["knee_pain"], side="right", age=36)
    assert payload["cards"][:-1] == library_cards(expected)
    assert "someone-else" in payload["cards"][-1]["detail"]


def test_a_birth_date_that_spans_two_ages_leaves_the_age_out(server: Server) -> None:
    status, _, payload = post(server, patient_view([condition(ICD10CM, "M25.569")], birth="2010"))
    assert status == 200, payload
    assert payload["cards"][:-1] == library_cards(kneelink.suggest_regions(["knee_pain"]))
    assert "age 15 or 16" in payload["cards"][-1]["detail"]


def test_a_record_with_no_known_knee_code_says_so(server: Server) -> None:
    status, _, payload = post(server, patient_view([condition(SNOMED, "44054006")]))
    assert status == 200, payload
    (card,) = payload["cards"]
    assert card["summary"].startswith("No knee symptom kneelink knows in the record")
    assert "44054006" in card["detail"]


def test_missing_prefetch_is_412(server: Server) -> None:
    body = patient_view([])
    del body["prefetch"]
    status, _head, payload = post(server, body)
    assert status == 412
    assert "prefetch patient, conditions is missing" in payload["error"]
    body = patient_view([])
    body["prefetch"]["conditions"] = None  # what a client sends when it could not fetch
    assert post(server, body)[0] == 412


def test_the_custom_hook_takes_ids_and_the_labels_the_cli_takes(server: Server) -> None:
    by_label = custom({"symptoms": ["outer knee pain", "Running-Downhill"], "side": "right", "age": 34})
    status, _, payload = post(server, by_label, CUSTOM_SERVICE_ID)
    assert status == 200, payload
    expected = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
    assert payload == {"cards": library_cards(expected)}
    report = {"symptoms": ["lateral_knee_pain"], "contraindications": [["open_wound", "calf"]]}
    status, _, payload = post(server, custom(report), CUSTOM_SERVICE_ID)
    assert status == 200, payload
    assert payload["cards"][-1]["summary"].startswith("Do not roll: Calf")


def test_card_uuids_are_unique_per_card_and_per_hook_instance(server: Server) -> None:
    report = {"symptoms": ["lateral_knee_pain"], "side": "right"}
    first = post(server, custom(report, "a0000000-0000-4000-8000-000000000001"), CUSTOM_SERVICE_ID)[2]["cards"]
    second = post(server, custom(report, "a0000000-0000-4000-8000-000000000002"), CUSTOM_SERVICE_ID)[2]["cards"]
    uuids = [card["uuid"] for card in first + second]
    assert len(set(uuids)) == len(uuids) == 2 * len(first)
    assert [card["summary"] for card in first] == [card["summary"] for card in second]


LONG_NUMBER = b'{"hook": "patient-view", "hookInstance": "x", "context": {"n": ' + b"7" * 5000 + b"}}"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"not json", 400, "not JSON"),
        (b"\xff\xfe", 400, "not UTF-8"),
        (b"[" * 2000 + b"]" * 2000, 400, "nests"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, 400, "nests"),
        (LONG_NUMBER, 400, "too many digits"),
        (b'{"hook": "patient-view", "hookInstance": NaN}', 400, "NaN"),
        (b"[]", 400, "JSON object"),
        (json.dumps({"hookInstance": "x", "context": {}}).encode(), 400, "`hook`"),
        (json.dumps({"hook": "patient-view", "hookInstance": "x"}).encode(), 400, "`context`"),
        (json.dumps({"hook": "org.kneelink.knee-symptoms", "hookInstance": "x", "context": {}}).encode(), 400, "hook"),
        (
            json.dumps({"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}}).encode(),
            400,
            "userId",
        ),
        (json.dumps({**patient_view([]), "prefetch": []}).encode(), 400, "`prefetch`"),
        (json.dumps(patient_view([], birth="1990-02-30")).encode(), 400, "not a real date"),
        (json.dumps(patient_view([], birth="2090-01-01")).encode(), 400, "after the request's date"),
        (b"{" * 70_000, 413, "over 65536 bytes"),
    ],
)
def test_bad_bodies_get_a_4xx_json_error_never_a_500(server: Server, body: bytes, status: int, says: str) -> None:
    got, head, payload = post(server, body)
    assert got == status, payload
    assert head["content-type"] == "application/json"
    assert set(payload) == {"error"}
    assert says in payload["error"]
    assert "Traceback" not in payload["error"]


@pytest.mark.parametrize(
    ("report", "says"),
    [
        ({"symptoms": ["lateral_knee_pian"]}, "did you mean 'lateral_knee_pain'"),
        ({"symptoms": []}, "symptom"),
        ({"symptoms": ["knee_pain"], "age": "old"}, "age"),
        ({"symptoms": ["knee_pain"], "age": 1e400}, "Infinity"),
        ({"symptoms": ["knee_pain"], "age": 1000}, "age"),
        ({"symptoms": ["knee_pain"], "colour": "red"}, "colour"),
        ({"symptoms": ["knee_pain"], "contraindications": [["open_wound"]]}, "contraindication"),
        ({"symptoms": [["knee_pain"]]}, "symptom"),
        ("knee_pain", "context.report"),
    ],
)
def test_bad_reports_in_the_custom_hook_get_400(server: Server, report: object, says: str) -> None:
    status, _, payload = post(server, custom(report), CUSTOM_SERVICE_ID)  # type: ignore[arg-type]
    assert status == 400, payload
    assert says in payload["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_only_json_is_accepted(server: Server, content_type: str) -> None:
    body = json.dumps(custom({"symptoms": ["knee_pain"]})).encode()
    status, _, payload = request(
        server, "POST", f"/cds-services/{CUSTOM_SERVICE_ID}", body, {"content-type": content_type}
    )
    assert status == 415
    assert "application/json" in payload["error"]


def test_wrong_paths_and_methods(server: Server) -> None:
    status, _, payload = request(server, "GET", "/nowhere")
    assert (status, set(payload)) == (404, {"error"})
    status, _, payload = post(server, custom({"symptoms": ["knee_pain"]}), "no-such-service")
    assert status == 404
    assert "no CDS service" in payload["error"]
    for method, path, allow in (
        ("GET", f"/cds-services/{SERVICE_ID}", "POST"),
        ("DELETE", "/cds-services", "HEAD, GET"),
        ("GET", f"/cds-services/{SERVICE_ID}/feedback", "POST"),
        ("OPTIONS", f"/cds-services/{SERVICE_ID}", "POST"),  # no CORS configured: no preflight answered
    ):
        status, head, payload = request(server, method, path)
        assert status == 405, (method, path)
        assert set(head["allow"].split(", ")) == set(allow.split(", "))  # RFC 9110: a 405 MUST say what is allowed
        assert "not allowed" in payload["error"]


def test_cors_answers_only_the_configured_origins() -> None:
    config = ServiceConfig(cors_origins=("https://ehr.example.org",))
    with running(create_app(config=config)) as server:
        preflight = {"origin": "https://ehr.example.org", "access-control-request-method": "POST"}
        status, head, _ = request(server, "OPTIONS", f"/cds-services/{SERVICE_ID}", None, preflight)
        assert status == 200
        assert head["access-control-allow-origin"] == "https://ehr.example.org"
        assert "POST" in head["access-control-allow-methods"]
        evil = {**preflight, "origin": "https://evil.example"}
        status, head, _ = request(server, "OPTIONS", f"/cds-services/{SERVICE_ID}", None, evil)
        assert status == 400
        assert "access-control-allow-origin" not in head
        status, head, _ = request(server, "GET", "/cds-services", None, {"origin": "https://evil.example"})
        assert status == 200
        assert "access-control-allow-origin" not in head


def closed_within(connection: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``connection`` within ``seconds`` (reading what it sends)."""
    connection.settimeout(seconds)
    try:
        while connection.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


def still_sending_when_cut_off(connection: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``connection`` within ``seconds`` while it sends a byte every 0.2 s."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection.sendall(b"X")
        except (BrokenPipeError, ConnectionResetError):
            return True
        time.sleep(0.2)
    return closed_within(connection, 0.5)


def test_idle_and_slow_clients_are_cut_off(server: Server) -> None:
    idle = [socket.create_connection(server) for _ in range(20)]
    slow_head = socket.create_connection(server)
    slow_head.sendall(b"POST /cds-services/kneelink-knee HTTP/1.1\r\nHost: x\r\n")
    slow_body = socket.create_connection(server)
    slow_body.sendall(
        b"POST /cds-services/kneelink-knee HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    try:
        # Bounded: the service's limits are 1.5 s here; allow a few seconds more.
        assert all(closed_within(connection, 6) for connection in idle)
        assert still_sending_when_cut_off(slow_head, 6)
        slow_body.settimeout(6)
        answer = slow_body.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
        assert closed_within(slow_body, 6)
    finally:
        for connection in [*idle, slow_head, slow_body]:
            connection.close()
    assert request(server, "GET", "/cds-services")[0] == 200  # and the service still answers


def test_a_request_head_over_the_limit_is_cut_off_and_a_large_body_is_not(tmp_path: Path) -> None:
    from kneelink.interop._service import MAX_HEAD

    config = ServiceConfig(feedback_path=tmp_path / "feedback.sqlite3", today=lambda: TODAY)
    # A head deadline far beyond the test's bounds: only the size limit can cut this head.
    with running(create_app(config=config), head_timeout=60) as server:
        head_is_cut_off(server, MAX_HEAD)
        # A body larger than MAX_HEAD, sent with its head in one write, is a request like any other.
        report = {"symptoms": ["lateral_knee_pain"], "side": "right", "note": "n" * (2 * MAX_HEAD)}
        status, _, payload = post(server, custom(report), CUSTOM_SERVICE_ID)
    assert status == 400  # read whole, then refused for its unknown field, not cut off
    assert "note" in payload["error"]


def head_is_cut_off(server: Server, limit: int) -> None:
    endless = socket.create_connection(server)
    try:
        endless.sendall(b"POST /cds-services/kneelink-knee HTTP/1.1\r\nHost: x\r\n")
        cut = False
        for _ in range(4 * limit // 1000):  # headers of 1000 bytes, never ending the head
            try:
                endless.sendall(b"X-Pad: " + b"p" * 991 + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                cut = True
                break
        assert cut or closed_within(endless, 3)
    finally:
        endless.close()


def test_feedback_is_stored_and_summarised(server: Server, feedback_db: Path) -> None:
    cards = post(server, custom({"symptoms": ["lateral_knee_pain"], "side": "right"}), CUSTOM_SERVICE_ID)[2]["cards"]
    triage = cards[0]
    gluteals = next(card for card in cards if card["summary"].startswith("Roll 1st"))
    feedback = {
        "feedback": [
            {
                "card": triage["uuid"],
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": triage["suggestions"][0]["uuid"]}],
                "outcomeTimestamp": "2026-06-15T10:00:00Z",
            },
            {
                "card": gluteals["uuid"],
                "outcome": "overridden",
                "overrideReason": {"reason": {"code": "not-relevant", "display": "Not relevant"}, "userComment": "x"},
                "outcomeTimestamp": "2026-06-15T10:00:01Z",
            },
        ]
    }
    path = f"/cds-services/{CUSTOM_SERVICE_ID}/feedback"
    status, _, payload = request(server, "POST", path, json.dumps(feedback).encode())
    assert (status, payload) == (200, {"stored": True})
    assert feedback_db.is_file()  # created on first use, folder and all
    from kneelink._cli import main

    out = io.StringIO()
    assert main(["feedback", "--db", str(feedback_db), "--json"], out=out) == 0
    summary = {row["kind"]: row for row in json.loads(out.getvalue())}
    assert summary["triage"]["accepted"] == 1
    assert summary["region:gluteals"]["overridden"] == 1
    assert summary["region:gluteals"]["override_reasons"] == [{"reason": "Not relevant", "count": 1}]
    out = io.StringIO()
    assert main(["feedback", "--db", str(feedback_db)], out=out) == 0
    assert "region:gluteals" in out.getvalue()
    assert "Not relevant (1)" in out.getvalue()


def test_an_override_reason_offered_on_a_card_is_stored_from_feedback(server: Server, feedback_db: Path) -> None:
    status, _, payload = post(server, custom({"symptoms": ["lateral_knee_pain"], "side": "right"}), CUSTOM_SERVICE_ID)
    assert status == 200
    # kneelink proposes; nothing is applied without a clinician, so no systemActions (optional).
    assert set(payload) == {"cards"}
    region = next(card for card in payload["cards"] if card["summary"].startswith("Roll 2nd"))
    chosen = region["overrideReasons"][2]
    feedback = {
        "feedback": [
            {
                "card": region["uuid"],
                "outcome": "overridden",
                "overrideReason": {"reason": chosen},
                "outcomeTimestamp": "2026-06-15T10:00:00Z",
            }
        ]
    }
    path = f"/cds-services/{CUSTOM_SERVICE_ID}/feedback"
    assert request(server, "POST", path, json.dumps(feedback).encode())[0] == 200
    with sqlite3.connect(feedback_db) as db:
        row = db.execute("SELECT kind, override_code FROM feedback WHERE card = ?", (region["uuid"],)).fetchone()
    assert row == ("region:tfl", chosen["code"])
    summary = {row["kind"]: row for row in feedback_summary(feedback_db)}
    assert {"reason": chosen["display"], "count": 1} in summary[row[0]]["override_reasons"]


def test_feedback_after_a_restart_still_knows_the_cards_kind(tmp_path: Path) -> None:
    config = ServiceConfig(feedback_path=tmp_path / "feedback.sqlite3", today=lambda: TODAY)
    with running(create_app(config=config)) as before:
        cards = post(before, custom({"symptoms": ["lateral_knee_pain"], "side": "left"}), CUSTOM_SERVICE_ID)[2]["cards"]
        report = custom({"symptoms": ["lateral_knee_pain", "one_leg_swelling"], "side": "left"})
        cards += post(before, report, CUSTOM_SERVICE_ID)[2]["cards"]
        coded = post(before, patient_view([condition(ICD10CM, "M25.562")]))[2]["cards"]
    stranger = "0b0c9c0e-8f3a-5d0e-9a4b-6f2d1c3b4a59"  # a uuid kneelink never issued
    outcomes = [(card["uuid"], "overridden") for card in cards] + [(coded[-1]["uuid"], "accepted")]
    outcomes.append((stranger, "overridden"))
    feedback = {
        "feedback": [{"card": c, "outcome": o, "outcomeTimestamp": "2026-06-15T10:00:00Z"} for c, o in outcomes]
    }
    with running(create_app(config=config)) as after:  # a new process's memory: nothing issued
        status, _, payload = request(
            after, "POST", f"/cds-services/{CUSTOM_SERVICE_ID}/feedback", json.dumps(feedback).encode()
        )
    assert status == 200, payload
    with sqlite3.connect(config.feedback_path) as db:
        kinds = dict(db.execute("SELECT card, kind FROM feedback").fetchall())
    assert kinds[cards[0]["uuid"]] == "triage"
    regions = [kinds[card["uuid"]] for card in cards if card["summary"].startswith("Roll")]
    assert len(regions) == 8
    assert all(kind.startswith("region:") for kind in regions)
    assert {"unscreened", "withheld"} <= set(kinds.values())
    assert kinds[coded[-1]["uuid"]] == "data"
    assert kinds[stranger] == "unknown"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "feedback"),
        ({"feedback": [{"card": "x", "outcome": "maybe", "outcomeTimestamp": "t"}]}, "accepted or overridden"),
        ({"feedback": [{"outcome": "accepted", "outcomeTimestamp": "t"}]}, "`card`"),
        ({"feedback": [{"card": "x", "outcome": "accepted"}]}, "outcomeTimestamp"),
        (
            {"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "t", "acceptedSuggestions": 3}]},
            "list",
        ),
    ],
)
def test_malformed_feedback_gets_400(server: Server, body: object, says: str) -> None:
    status, _, payload = request(server, "POST", f"/cds-services/{SERVICE_ID}/feedback", json.dumps(body).encode())
    assert status == 400, payload
    assert says in payload["error"]


SERVER_SCRIPT = """
import sys, uvicorn
from pathlib import Path
from kneelink.interop._service import ServiceConfig, create_app, uvicorn_config
config = ServiceConfig(feedback_path=Path(sys.argv[1]))
uvicorn.Server(uvicorn_config(create_app(config=config), port=int(sys.argv[2]), log_level="warning")).run()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_killed_mid_write_loses_no_acknowledged_feedback(tmp_path: Path) -> None:
    database, port = tmp_path / "feedback.sqlite3", free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(database), str(port)], env=os.environ.copy())
    try:
        for _ in range(200):  # bounded: 20 s to start
            try:
                if request(("127.0.0.1", port), "GET", "/cds-services")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        acknowledged = 0
        item = {"card": "c", "outcome": "overridden", "outcomeTimestamp": "2026-06-15T10:00:00Z"}
        body = json.dumps({"feedback": [item] * 50}).encode()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            if request(("127.0.0.1", port), "POST", f"/cds-services/{SERVICE_ID}/feedback", body)[0] == 200:
                acknowledged += 1
        # Kill it while a write may be under way: the next request is sent, not awaited.
        pending = socket.create_connection(("127.0.0.1", port))
        pending.sendall(
            f"POST /cds-services/{SERVICE_ID}/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        pending.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert acknowledged > 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = connection.execute("SELECT COUNT(*) FROM feedback").fetchone()
    assert rows % 50 == 0  # whole requests only: a half-written one is rolled back
    assert rows >= 50 * acknowledged  # nothing acknowledged is lost


def test_serve_refuses_to_listen_beyond_loopback_without_trust(capsys: pytest.CaptureFixture[str]) -> None:
    from kneelink._cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "--trust" in err
    assert "--insecure" in err
    assert [
        is_loopback(host) for host in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.2", "example.org")
    ] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


# -- coded FHIR and kneelink ids give the same answer ----------------------------------------

CODES = kneelink.default_pack().content.codes
CODED = sorted({code.symptom for code in CODES if code.symptom is not None})
SIDE_CODES = {
    side: [code.code for code in CODES if code.symptom is None and code.side == side]
    for side in ("left", "right", "both")
}


@st.composite
def coded_reports(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], str | None]:
    """A report over the symptoms that have codes, and the same report as coded Conditions."""
    symptoms = draw(st.lists(st.sampled_from(CODED), min_size=1, max_size=len(CODED), unique=True))
    side = draw(st.sampled_from([None, "left", "right", "both"]))
    age = draw(st.none() | st.integers(0, 100))
    conditions = []
    for symptom in symptoms:
        usable = [c for c in CODES if c.symptom == symptom and (c.side is None or c.side == side)]
        assume(usable)  # a code that names the other knee cannot say this report
        code = draw(st.sampled_from(usable))
        site = draw(st.sampled_from(SIDE_CODES[side])) if side is not None and code.side != side else None
        conditions.append(condition(code.system, code.code, site=site))
    birth = None if age is None else dt.date(TODAY.year - age, TODAY.month, TODAY.day).isoformat()
    report = {"symptoms": symptoms, "side": side, "age": age}
    return report, conditions, birth


@given(case=coded_reports())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_report_sent_as_coded_fhir_gets_the_same_answer_as_sent_as_ids(
    server: Server, case: tuple[dict[str, Any], list[dict[str, Any]], str | None]
) -> None:
    report, conditions, birth = case
    status, _, coded = post(server, patient_view(conditions, birth=birth))
    assert status == 200, coded
    status, _, by_ids = post(server, custom(report), CUSTOM_SERVICE_ID)
    assert status == 200, by_ids
    assert coded["cards"][:-1] == by_ids["cards"]  # the last card says which data was read


@pytest.mark.parametrize("document", ["README.md", "docs/ehr.md"])
def test_the_documented_request_gets_the_documented_response(server: Server, document: str) -> None:
    readme = (ROOT / document).read_text(encoding="utf-8")
    shown = readme.split("<!-- ehr-request -->", 1)[1].split("<!-- /ehr-request -->", 1)[0]
    body = shown.split("```json", 1)[1].split("```", 1)[0]
    answer = readme.split("<!-- ehr-response -->", 1)[1].split("<!-- /ehr-response -->", 1)[0]
    summaries = answer.split("```text", 1)[1].split("```", 1)[0].strip().splitlines()
    status, _, payload = post(server, body.encode())
    assert status == 200, payload
    assert [card["summary"] for card in payload["cards"]] == summaries
    assert "(age 42 on 2026-06-15)" in payload["cards"][-1]["detail"]


def test_tls_options_reach_uvicorn(tmp_path: Path) -> None:
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    with running(create_app(), ssl_certfile=str(cert_file), ssl_keyfile=str(key_file)) as (host, port):
        context = ssl.create_default_context(cafile=str(cert_file))
        connection = http.client.HTTPSConnection(host, port, context=context, timeout=30)
        try:
            connection.request("GET", "/cds-services")
            response = connection.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["services"]
        finally:
            connection.close()
        with pytest.raises(ConnectionError):  # plain HTTP is not answered
            request((host, port), "GET", "/cds-services")


def test_hostile_ids_in_a_request_cannot_break_the_cards(server: Server) -> None:
    # The service fills cards made once per report with each request's uuids: no text a
    # request sends may be taken for the place a uuid goes.
    body = custom({"symptoms": ["lateral_knee_pain"]}, hook_instance='"\x00card-uuid\x00"')
    body["context"]["patientId"] = '\x00card-uuid\x00", "x": "'
    status, _, payload = post(server, body, CUSTOM_SERVICE_ID)
    assert status == 200, payload
    for card in payload["cards"]:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", card["uuid"])
    plan = payload["cards"][0]["suggestions"][0]["actions"][0]["resource"]
    assert plan["subject"] == {"reference": 'Patient/ card-uuid ", "x": "'}  # control characters made spaces


FD_LIMITED_SERVER = """
import resource, sys, uvicorn
from pathlib import Path
from kneelink.interop._service import ServiceConfig, create_app, uvicorn_config
resource.setrlimit(resource.RLIMIT_NOFILE, (96, 96))
app = create_app(config=ServiceConfig(feedback_path=Path(sys.argv[2])))
uvicorn.Server(uvicorn_config(app, port=int(sys.argv[1]), head_timeout=1.5, log_level="warning")).run()
"""


def test_idle_sockets_past_the_fd_limit_do_not_starve_requests(tmp_path: Path) -> None:
    # A guard test in a subprocess: 140 idle sockets against a server allowed 96 files.
    port, log = free_port(), tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", FD_LIMITED_SERVER, str(port), str(tmp_path / "f.sqlite3")],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    idle: list[socket.socket] = []
    try:
        for _ in range(200):  # bounded: 20 s to start
            try:
                if request(("127.0.0.1", port), "GET", "/cds-services")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(140)]
        started = time.monotonic()
        status = 0
        while time.monotonic() - started < 20 and status != 200:
            try:
                status = request(("127.0.0.1", port), "GET", "/cds-services")[0]
            except OSError:
                time.sleep(0.2)
        assert status == 200
        assert time.monotonic() - started < 20
    finally:
        for connection in idle:
            connection.close()
        process.terminate()
        process.wait(timeout=10)
    assert log.stat().st_size < 200_000  # a line a second at most, not megabytes
