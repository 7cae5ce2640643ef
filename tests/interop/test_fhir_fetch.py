"""A patient-view request without prefetch: kneelink reads the Patient and their Conditions
from the request's FHIR server with its bearer token. The FHIR server is a real Starlette app
on loopback, started here, that checks the token; the CDS service trusts a key made here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from cds_server import JSON, Server, Signer, request, running

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kneelink.interop._fetch import MAX_RESOURCE
from kneelink.interop._service import SERVICE_ID, ServiceConfig, create_app
from kneelink.interop._trust import trust_from_dict

TODAY = dt.date(2026, 6, 15)
BASE = "https://cds.example.org"
AUD = f"{BASE}/cds-services/{SERVICE_ID}"
TOKEN = "fhir-access-token-made-here"
PATIENT = "pat/1?x"  # an id a URL must quote
EHR = Signer()


def fhir_app(seen: list[tuple[str, str, str]]) -> Starlette:
    """A FHIR server with one patient (born 1984-06-15, so 42 on TODAY) and one Condition:
    pain in the right knee. ``/big`` serves a Patient over kneelink's limit, ``/moved`` redirects."""

    def authorized(request: Request) -> bool:
        raw, query = request.scope["raw_path"].decode(), request.scope["query_string"].decode()
        seen.append((raw, query, request.headers.get("authorization", "")))
        return request.headers.get("authorization") == f"Bearer {TOKEN}"

    async def patient(request: Request) -> Response:
        if not authorized(request):
            return JSONResponse({"resourceType": "OperationOutcome"}, status_code=401)
        if request.path_params["id"] != PATIENT:
            return JSONResponse({"resourceType": "OperationOutcome"}, status_code=404)
        body = {"resourceType": "Patient", "id": PATIENT, "birthDate": "1984-06-15"}
        return JSONResponse(body, media_type="application/fhir+json")

    async def conditions(request: Request) -> Response:
        if not authorized(request):
            return JSONResponse({"resourceType": "OperationOutcome"}, status_code=401)
        coded = {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M25.561"}]}
        entry = {
            "resource": {"resourceType": "Condition", "subject": {"reference": f"Patient/{PATIENT}"}, "code": coded}
        }
        wanted = request.query_params.get("patient") == PATIENT
        bundle = {"resourceType": "Bundle", "type": "searchset", "entry": [entry] if wanted else []}
        return JSONResponse(bundle, media_type="application/fhir+json")

    async def big(request: Request) -> Response:
        authorized(request)
        padding = "x" * (MAX_RESOURCE + 10)
        return JSONResponse({"resourceType": "Patient", "id": PATIENT, "text": padding})

    async def moved(request: Request) -> Response:
        authorized(request)
        return RedirectResponse("http://127.0.0.1:9/elsewhere", status_code=302)

    return Starlette(
        routes=[
            Route("/fhir/Patient/{id:path}", patient),
            Route("/fhir/Condition", conditions),
            Route("/big/Patient/{id:path}", big),
            Route("/big/Condition", conditions),
            Route("/moved/{rest:path}", moved),
        ]
    )


@pytest.fixture(scope="module")
def seen() -> list[tuple[str, str, str]]:
    return []


@pytest.fixture(scope="module")
def fhir(seen: list[tuple[str, str, str]]) -> Iterator[str]:
    with running(fhir_app(seen)) as (host, port):
        yield f"http://{host}:{port}"


def trust() -> Any:
    key = json.loads(json.dumps(EHR.jwk()))
    return trust_from_dict({"audience_base": BASE, "issuer": [{"iss": EHR.iss, "keys": [key]}]})


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    feedback = tmp_path_factory.mktemp("fetch") / "feedback.sqlite3"
    config = ServiceConfig(trust=trust(), feedback_path=feedback, today=lambda: TODAY)
    with running(create_app(config=config)) as address:
        yield address


def call(server: Server, fhir_server: str, token: str | None = TOKEN, signed: bool = True) -> tuple[int, Any]:
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": fhir_server,
        "context": {"userId": "Practitioner/example", "patientId": PATIENT},
    }
    if token is not None:
        body["fhirAuthorization"] = {"access_token": token, "token_type": "Bearer", "expires_in": 300}
    headers = dict(JSON)
    if signed:
        headers["authorization"] = f"Bearer {EHR.token(AUD)}"
    status, _, payload = request(server, "POST", f"/cds-services/{SERVICE_ID}", json.dumps(body).encode(), headers)
    return status, payload


def test_a_missing_prefetch_is_read_from_the_fhir_server_with_the_token(
    service: Server, fhir: str, seen: list[tuple[str, str, str]]
) -> None:
    seen.clear()
    status, payload = call(service, f"{fhir}/fhir/")
    assert status == 200, payload
    data = payload["cards"][-1]["detail"]
    assert "M25.561" in data
    assert "(age 42 on 2026-06-15)" in data
    assert "read from the FHIR server: patient, conditions" in data
    assert any(card["summary"].startswith("Roll 1st") for card in payload["cards"])
    # The templates of discovery, the id quoted, the token sent, a page size asked.
    assert seen == [
        ("/fhir/Patient/pat%2F1%3Fx", "", f"Bearer {TOKEN}"),
        ("/fhir/Condition", "patient=pat%2F1%3Fx&_count=100", f"Bearer {TOKEN}"),
    ]


def test_what_cannot_be_fetched_is_412(service: Server, fhir: str, seen: list[tuple[str, str, str]]) -> None:
    status, payload = call(service, f"{fhir}/fhir", token="wrong")
    assert status == 412
    assert "answered 401" in payload["error"]
    status, payload = call(service, f"{fhir}/big")
    assert status == 412
    assert f"more than {MAX_RESOURCE} bytes" in payload["error"]
    seen.clear()
    status, payload = call(service, f"{fhir}/moved")
    assert status == 412
    assert "answered 302" in payload["error"]
    assert [path for path, _, _ in seen] == ["/moved/Patient/pat%2F1%3Fx"]  # the redirect was not followed
    status, payload = call(service, f"{fhir}/fhir", token=None)  # no fhirAuthorization: no way to fetch
    assert status == 412
    assert "cannot fetch it" in payload["error"]
    status, payload = call(service, "file:///etc/passwd")
    assert status == 412


def test_without_trust_the_service_never_queries_a_fhir_server(
    tmp_path_factory: pytest.TempPathFactory, fhir: str, seen: list[tuple[str, str, str]]
) -> None:
    # Unauthenticated callers could otherwise aim kneelink's requests anywhere it can reach.
    config = ServiceConfig(feedback_path=tmp_path_factory.mktemp("open") / "feedback.sqlite3", today=lambda: TODAY)
    seen.clear()
    with running(create_app(config=config)) as open_service:
        status, payload = call(open_service, f"{fhir}/fhir", signed=False)
    assert status == 412
    assert "whose signed JWT it verified" in payload["error"]
    assert seen == []


def test_an_unsigned_request_is_refused_before_any_fetch(
    service: Server, fhir: str, seen: list[tuple[str, str, str]]
) -> None:
    seen.clear()
    status, _ = call(service, f"{fhir}/fhir", signed=False)
    assert status == 401
    assert seen == []
