"""A CDS Hooks 2.0 service for kneelink: a small ASGI application, served by uvicorn.

- ``GET /cds-services``: discovery, one service, ``kneelink-knee``.
- ``POST /cds-services/kneelink-knee``: a CDS Hooks request whose ``context`` (or, failing
  that, ``prefetch``) holds ``kneelinkReport``, a symptom report as JSON
  (``{"symptoms": [...], "side": "right", "age": 34, "contraindications": [["open_wound",
  "calf"]]}``); the response is ``{"cards": [...]}`` from :meth:`Suggestion.to_cds_cards`.

Why hand-written ASGI and not a framework: two routes, JSON in and out. A framework would
add a dependency for routing we can write in a page, while uvicorn (a well-kept server)
does the part that is hard: HTTP. So ``kneelink[service]`` is uvicorn alone.

Every failure is a JSON body ``{"error": "..."}``: 400 for a request kneelink cannot read
(not JSON, missing fields, an unknown symptom id...), 404/405 for a wrong path or method,
413 for a body over :data:`MAX_BODY` bytes, and 500 with no traceback if evaluation itself
fails. Cross-origin requests are allowed, as the CDS Hooks specification asks.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from kneelink._errors import EngineError, KneelinkError

if TYPE_CHECKING:
    from kneelink._pack import RulePack

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

SERVICE_ID = "kneelink-knee"
REPORT_KEY = "kneelinkReport"
MAX_BODY = 64 * 1024
_log = logging.getLogger("kneelink.service")

DISCOVERY = {
    "services": [
        {
            "hook": "patient-view",
            "id": SERVICE_ID,
            "title": "kneelink: where to foam-roll for knee pain",
            "description": "Suggests hip and leg regions to foam-roll for reported knee symptoms, with the reasons, "
            "and triages red flags. Not medical advice.",
            "usageRequirements": f"Put the symptom report in context.{REPORT_KEY} or prefetch.{REPORT_KEY}: "
            '{"symptoms": ["lateral_knee_pain"], "side": "right", "age": 34, "contraindications": []}',
        }
    ]
}


class BadRequest(Exception):
    """A request the service cannot read; its message goes back to the client."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _report(request: object) -> dict[str, Any]:
    """The symptom report inside a CDS Hooks request body, checked for shape."""
    if not isinstance(request, dict):
        raise BadRequest("the request body must be a JSON object")
    for key in ("hook", "hookInstance"):
        if not isinstance(request.get(key), str) or not request[key]:
            raise BadRequest(f"the request needs `{key}`, a non-empty string (CDS Hooks 2.0)")
    context, prefetch = request.get("context"), request.get("prefetch")
    if not isinstance(context, dict):
        raise BadRequest("the request needs `context`, a JSON object")
    if prefetch is not None and not isinstance(prefetch, dict):
        raise BadRequest("`prefetch` must be a JSON object when given")
    report = context.get(REPORT_KEY, (prefetch or {}).get(REPORT_KEY))
    if not isinstance(report, dict):
        raise BadRequest(f"put the symptom report, a JSON object, in context.{REPORT_KEY} or prefetch.{REPORT_KEY}")
    pairs = report.get("contraindications")
    if isinstance(pairs, list):  # JSON has no tuples: [kind, region] pairs arrive as lists
        report = {**report, "contraindications": [tuple(p) if isinstance(p, list) else p for p in pairs]}
    return report


def app(pack: RulePack | None = None) -> App:
    """The ASGI application answering with ``pack`` (default: kneelink's own)."""
    from kneelink._pack import default_pack
    from kneelink._report import SymptomReport

    chosen = pack or default_pack()

    def evaluate(body: bytes) -> dict[str, Any]:
        try:
            request = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BadRequest(f"the request body is not JSON: {error}") from None
        try:
            report = SymptomReport(**_report(request))
            answer = chosen.suggest_regions(report)
        except EngineError:
            raise
        except KneelinkError as error:
            raise BadRequest(str(error)) from None
        except TypeError as error:  # SymptomReport(**report) with a non-string key
            raise BadRequest(f"invalid symptom report: {error}") from None
        return {"cards": answer.to_cds_cards()}

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        status, payload = await _handle(scope, receive, evaluate)
        await _respond(send, status, payload, scope["method"] == "HEAD")

    return application


async def _handle(scope: Scope, receive: Receive, evaluate: Callable[[bytes], dict[str, Any]]) -> tuple[int, Any]:
    path, method = scope["path"].rstrip("/") or "/", scope["method"]
    routes = {"/cds-services": ("GET", "HEAD"), f"/cds-services/{SERVICE_ID}": ("POST",)}
    if path not in routes:
        return 404, {"error": f"no such path {scope['path']!r}; try GET /cds-services"}
    if method == "OPTIONS":
        return 204, None
    if method not in routes[path]:
        return 405, {"error": f"{method} is not allowed on {path}; use {' or '.join(routes[path])}"}
    if path == "/cds-services":
        return 200, DISCOVERY
    try:
        body = await _body(scope, receive)
        return 200, await asyncio.get_running_loop().run_in_executor(None, evaluate, body)
    except BadRequest as error:
        return error.status, {"error": str(error)}
    except Exception:  # never a traceback to the client; the log keeps it
        _log.exception("kneelink service failed on a request")
        return 500, {"error": "kneelink could not evaluate this report; the server log has the details"}


async def _body(scope: Scope, receive: Receive) -> bytes:
    for name, value in scope.get("headers", ()):
        if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY:
            raise BadRequest(f"the request body is over {MAX_BODY} bytes", 413)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest("the client went away before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BadRequest(f"the request body is over {MAX_BODY} bytes", 413)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, status: int, payload: Any, head: bool) -> None:
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"access-control-allow-headers", b"authorization, content-type"),
    ]
    if payload is not None:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


def serve(host: str, port: int, pack: RulePack | None = None) -> None:
    """Run the service with uvicorn until interrupted (``kneelink serve``)."""
    try:
        import uvicorn
    except ImportError:
        raise KneelinkError("the service needs uvicorn: pip install 'kneelink[service]'") from None
    uvicorn.run(app(pack), host=host, port=port, log_level="info")
