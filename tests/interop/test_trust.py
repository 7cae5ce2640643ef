"""Trusting CDS clients (CDS Hooks 2.0): a real signed JWT, keys generated here, the EHR's JWK
set served on loopback by a real HTTP server, and every bad token refused with 401."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cds_server import JSON, Server, Signer, jwk_set_server, request, running

pytest.importorskip("starlette")
jwt = pytest.importorskip("jwt")

from kneelink.interop._service import CUSTOM_SERVICE_ID, ServiceConfig, create_app  # noqa: E402
from kneelink.interop._trust import TrustConfigError, load_trust, trust_from_dict  # noqa: E402

BASE = "https://cds.example.org"
AUD = f"{BASE}/cds-services/{CUSTOM_SERVICE_ID}"
PATH = f"/cds-services/{CUSTOM_SERVICE_ID}"
BODY = json.dumps(
    {
        "hook": "org.kneelink.knee-symptoms",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"report": {"symptoms": ["lateral_knee_pain"], "side": "right"}},
    }
).encode()
EHR = Signer()
OTHER = Signer(iss="https://other-ehr.example.org", kid="other-1")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with jwk_set_server({"keys": [EHR.jwk()]}) as jwks_url:
        trust = tmp_path_factory.mktemp("trust") / "trust.toml"
        other_key = json.dumps(OTHER.jwk()).replace('": ', '" = ').replace("{", "{ ").replace("}", " }")
        trust.write_text(
            f'audience_base = "{BASE}"\n'
            'algorithms = ["ES384", "RS384"]\n\n'
            f'[[issuer]]\niss = "{EHR.iss}"\njwks_url = "{jwks_url}"\n\n'
            f'[[issuer]]\niss = "{OTHER.iss}"\nkeys = [{other_key}]\n',
            encoding="utf-8",
        )
        config = ServiceConfig(trust=load_trust(trust), feedback_path=trust.parent / "feedback.sqlite3")
        with running(create_app(config=config)) as address:
            yield address


def call(server: Server, token: str | None, path: str = PATH, body: bytes = BODY) -> tuple[int, dict[str, str], Any]:
    headers = dict(JSON)
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return request(server, "POST", path, body, headers)


def unsigned(claims: dict[str, Any], header: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}."


def fresh_claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": EHR.iss, "aud": AUD, "iat": now, "exp": now + 300, "jti": f"j-{time.monotonic_ns()}", **changes}


def test_a_token_signed_by_a_trusted_ehr_is_accepted(server: Server) -> None:
    status, _, payload = call(server, EHR.token(AUD))
    assert status == 200, payload
    assert any(card["summary"].startswith("Roll 1st") for card in payload["cards"])
    status, _, payload = call(server, OTHER.token(AUD))  # a key given inline in the trust file
    assert status == 200, payload


def test_discovery_stays_public(server: Server) -> None:
    assert request(server, "GET", "/cds-services")[0] == 200


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (None, "needs `Authorization: Bearer"),
        ("not.a.jwt", "not a well-formed JWT"),
        (lambda: EHR.token(AUD, lifetime=-120), "expired"),
        (lambda: EHR.token("https://cds.example.org/cds-services/someone-else"), "`aud`"),
        (lambda: EHR.token(AUD, lifetime=3600), "more than 600 s"),
        (lambda: Signer(iss="https://stranger.example").token(AUD), "not a trusted CDS client"),
        (lambda: Signer(kid=EHR.kid).token(AUD), "Signature verification failed"),  # right kid, wrong key
        (lambda: Signer(kid="unknown-kid").token(AUD), "no key 'unknown-kid'"),
        (lambda: unsigned(fresh_claims(), {"alg": "none", "typ": "JWT", "kid": EHR.kid}), "algorithm 'none'"),
        (lambda: str(jwt.encode(fresh_claims(), "secret" * 8, "HS256", {"kid": EHR.kid})), "algorithm 'HS256'"),
        (lambda: str(jwt.encode(fresh_claims(), EHR.key, "ES384")), "needs `kid`"),
        (lambda: EHR.token(AUD, jti=""), "jti"),
        (
            lambda: str(
                jwt.encode(fresh_claims(), EHR.key, "ES384", {"kid": EHR.kid, "jku": "https://evil.example/k"})
            ),
            "`jku`",
        ),
    ],
)
def test_bad_tokens_are_refused_with_401(server: Server, token: Any, says: str) -> None:
    status, head, payload = call(server, token() if callable(token) else token)
    assert status == 401, payload
    assert says in payload["error"]
    assert head["www-authenticate"].startswith("Bearer")


def test_a_replayed_token_is_refused(server: Server) -> None:
    token = EHR.token(AUD)
    assert call(server, token)[0] == 200
    status, _, payload = call(server, token)
    assert status == 401
    assert "replay" in payload["error"]


def test_feedback_needs_a_token_too(server: Server) -> None:
    body = json.dumps({"feedback": [{"card": "c", "outcome": "accepted", "outcomeTimestamp": "t"}]}).encode()
    assert call(server, None, PATH + "/feedback", body)[0] == 401
    status, _, payload = call(server, EHR.token(AUD + "/feedback"), PATH + "/feedback", body)
    assert status == 200, payload


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"issuer": [{"iss": "x", "jwks_url": "https://x/j"}]}, "audience_base"),
        ({"audience_base": BASE}, "[[issuer]]"),
        ({"audience_base": BASE, "algorithms": ["none"], "issuer": [{"iss": "x", "jwks_url": "https://x"}]}, "'none'"),
        ({"audience_base": BASE, "algorithms": ["HS256"], "issuer": [{"iss": "x", "jwks_url": "https://x"}]}, "HS256"),
        ({"audience_base": BASE, "issuer": [{"iss": "x"}]}, "needs `jwks_url` or `keys`"),
        ({"audience_base": BASE, "issuer": [{"iss": "x", "jwks_url": "file:///etc/passwd"}]}, "http(s)"),
        ({"audience_base": BASE, "issuer": [{"iss": "x", "jwks_url": "https://x", "kid": "k"}]}, "unknown key 'kid'"),
        ({"audience_base": BASE, "audience": BASE, "issuer": []}, "unknown key 'audience'"),
    ],
)
def test_a_bad_trust_file_is_a_clear_error(data: dict[str, Any], says: str) -> None:
    with pytest.raises(TrustConfigError, match=r"trust\.toml") as raised:
        trust_from_dict(data, "trust.toml")
    assert says in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_an_unreadable_trust_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(TrustConfigError, match="cannot be read"):
        load_trust(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("audience_base = ", encoding="utf-8")
    with pytest.raises(TrustConfigError, match="not valid TOML"):
        load_trust(broken)
