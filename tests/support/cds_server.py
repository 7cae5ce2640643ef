"""The CDS Hooks service on a real loopback port for tests (uvicorn in a thread, with the
limits ``kneelink serve`` uses), a JWK set served by a real HTTP server, and signed tokens."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

Server = tuple[str, int]


@contextlib.contextmanager
def running(application: Any, **config: Any) -> Iterator[Server]:
    """``application`` served by uvicorn on 127.0.0.1 and a free port, until the block ends."""
    uvicorn = pytest.importorskip("uvicorn")
    from kneelink.interop._service import uvicorn_config

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, chosen by the system
    host, port = sock.getsockname()
    instance = uvicorn.Server(uvicorn_config(application, log_level="warning", **config))
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: at most 10 s
        if instance.started:
            break
        time.sleep(0.05)
    assert instance.started, "the service did not start"
    try:
        yield host, port
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive()


def request(
    server: Server, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """One request on a fresh connection: status, headers (lower-case names), JSON body or None."""
    connection = http.client.HTTPConnection(*server, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers if headers is not None else JSON)
        response = connection.getresponse()
        raw = response.read()
        head = {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()
    is_json = head.get("content-type", "").startswith("application/json")
    return response.status, head, json.loads(raw) if raw and is_json else raw.decode("utf-8", "replace") or None


JSON = {"content-type": "application/json"}


@contextlib.contextmanager
def jwk_set_server(jwks: dict[str, Any]) -> Iterator[str]:
    """A JWK set served at ``http://127.0.0.1:PORT/jwks.json`` by a real HTTP server; counts fetches."""
    body = json.dumps(jwks).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/jwks.json":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/jwks.json"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


class Signer:
    """An EHR's signing key (EC P-384, generated here) and the tokens it signs."""

    def __init__(self, iss: str = "https://ehr.example.org", kid: str = "ehr-key-1") -> None:
        from cryptography.hazmat.primitives.asymmetric import ec

        self.iss, self.kid = iss, kid
        self.key = ec.generate_private_key(ec.SECP384R1())

    def jwk(self) -> dict[str, Any]:
        jwt = pytest.importorskip("jwt")
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        return {**public, "kid": self.kid, "alg": "ES384", "use": "sig"}

    def token(self, aud: str, *, lifetime: int = 300, jti: str | None = None, **changes: Any) -> str:
        jwt = pytest.importorskip("jwt")
        now = int(time.time())
        claims = {
            "iss": self.iss,
            "aud": aud,
            "iat": now,
            "exp": now + lifetime,
            "jti": str(uuid.uuid4()) if jti is None else jti,
        }
        claims.update(changes)
        return str(jwt.encode(claims, self.key, algorithm="ES384", headers={"kid": self.kid}))
