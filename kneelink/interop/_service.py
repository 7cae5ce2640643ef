"""A CDS Hooks 2.0 service for kneelink: a Starlette application, served by uvicorn.

- ``GET /cds-services``: discovery. Two services: ``kneelink-knee`` on the standard
  ``patient-view`` hook, whose prefetch templates ask for the Patient and their
  Conditions (the report is read from coded data, :mod:`kneelink.interop._intake`); and
  ``kneelink-knee-symptoms`` on the custom hook ``org.kneelink.knee-symptoms``, for apps
  that send a symptom report in kneelink's ids (or the labels the CLI takes).
- ``POST /cds-services/{id}``: a CDS Hooks request; the answer is ``{"cards": [...]}``.
- ``POST /cds-services/{id}/feedback``: what clinicians did with the cards, stored in SQLite
  (:mod:`kneelink.interop._feedback`).

Trust: with a trust configuration (:mod:`kneelink.interop._trust`) every service and
feedback call needs a JWT signed by a trusted CDS client (401 otherwise); discovery stays
public, as it only describes the services. ``kneelink serve`` refuses to listen beyond
loopback without one unless told ``--insecure``.

Every failure is a JSON body ``{"error": "..."}`` with a 4xx status: 400 for a body
kneelink cannot read (not JSON, nested too deep, a number too long, a missing field, an
unknown symptom...), 401 for a missing or refused token, 404/405 (with ``Allow``) for a
wrong path or method, 408 for a body sent too slowly, 412 when the prefetch the service
needs is missing, 413 for a body over the limit, 415 for anything but
``application/json``. Only a fault of kneelink's own is a 500, with no traceback to the
client. Cross-origin requests are refused unless their origin is configured.

Why Starlette and not hand-written ASGI: routing with 405 and ``Allow``, CORS preflights
and error handling are what a framework does well; kneelink keeps only what is its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kneelink._errors import EngineError, KneelinkError
from kneelink.interop._cds import _code, _summary, answer_digest, card_kinds, card_uuid, keyed_cards, md
from kneelink.interop._feedback import CardKinds, FeedbackError, parse_feedback, store
from kneelink.interop._fetch import FetchError, fetch, fhir_access, queries
from kneelink.interop._intake import CUSTOM_HOOK, PATIENT_VIEW, PREFETCH, BadRequest, Intake, read_request
from kneelink.interop._trust import TrustConfig, Unauthorized, Verifier

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from kneelink._pack import RulePack

K = TypeVar("K")
V = TypeVar("V")
SERVICE_ID = "kneelink-knee"
CUSTOM_SERVICE_ID = "kneelink-knee-symptoms"
MAX_BODY = 64 * 1024
# A request's body must arrive within this many seconds of its head (a slow sender holds a
# connection and a task while it dribbles); the head itself, HEAD_TIMEOUT.
BODY_TIMEOUT = 10.0
HEAD_TIMEOUT = 10.0
# A request's head (request line and headers) at most this long.
MAX_HEAD = 16 * 1024
# Answers (and reports) whose cards are kept: each keeps its cards' whole JSON, so the bound is on memory.
CARD_CACHE = 512
_log = logging.getLogger("kneelink.service")

DISCOVERY: dict[str, Any] = {
    "services": [
        {
            "hook": PATIENT_VIEW,
            "id": SERVICE_ID,
            "title": "kneelink: where to foam-roll for knee pain",
            "description": "Reads the patient's coded knee conditions (SNOMED CT, ICD-10) and age, suggests hip and "
            "leg regions to foam-roll with the reasons, and triages red flags. Not medical advice.",
            "prefetch": dict(PREFETCH),
            "usageRequirements": "Prefetch the Patient (birthDate gives the age) and a Bundle of their Conditions.",
        },
        {
            "hook": CUSTOM_HOOK,
            "id": CUSTOM_SERVICE_ID,
            "title": "kneelink: where to foam-roll, from a symptom report",
            "description": "For apps that speak kneelink's symptom ids: the report goes in context.report, as "
            '{"symptoms": ["lateral_knee_pain"], "side": "right", "age": 34}. Not medical advice.',
            "usageRequirements": 'context.report: symptoms as ids or labels (such as "outer knee pain"), '
            "side, age, contraindications as [kind, region] pairs.",
        },
    ]
}


def default_feedback_path() -> Path:
    """Where feedback goes unless configured: ``$XDG_DATA_HOME/kneelink/feedback.sqlite3``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "kneelink" / "feedback.sqlite3"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class ServiceConfig:
    """How the service runs: trust, CORS origins, where feedback goes, limits."""

    trust: TrustConfig | None = None
    cors_origins: tuple[str, ...] = ()
    feedback_path: Path = field(default_factory=default_feedback_path)
    canonical_base: str | None = None
    max_body: int = MAX_BODY
    body_timeout: float = BODY_TIMEOUT
    today: Callable[[], dt.date] = _today


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# How deep a request may nest arrays and objects: a patient-view request with a prefetched
# Bundle of Conditions nests about ten deep.
MAX_DEPTH = 64


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` (parsed JSON) nests arrays or objects more than ``limit`` deep;
    iterative, so a deep document cannot exhaust the stack here."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _parse(body: bytes) -> Any:
    try:
        # RFC 8259: JSON between systems is UTF-8 (json.loads would guess UTF-16 or -32 from bytes).
        parsed = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
        # Python 3.11's decoder stops deep nesting with a RecursionError; 3.13's parses it, so
        # the limit is checked here too, the same on every Python.
        if _too_deep(parsed):
            raise RecursionError
        return parsed
    except RecursionError:
        raise _HTTPError(400, "the request body nests arrays or objects too deeply") from None
    except UnicodeDecodeError as error:
        raise _HTTPError(400, f"the request body is not JSON (not UTF-8 text: {error.reason})") from None
    except json.JSONDecodeError as error:
        raise _HTTPError(400, f"the request body is not JSON: {error}") from None
    except ValueError as error:  # NaN or Infinity, or an integer of more digits than Python converts
        said = "a number with too many digits" if "digits" in str(error) else str(error)[:100]
        raise _HTTPError(400, f"the request body is not JSON kneelink accepts: {said}") from None


async def _body(request: Request, config: ServiceConfig) -> bytes:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise _HTTPError(415, "send the request as Content-Type: application/json")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > config.max_body):
        raise _HTTPError(413, f"the request body is over {config.max_body} bytes")
    chunks, size = [], 0
    try:
        async with asyncio.timeout(config.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > config.max_body:
                    raise _HTTPError(413, f"the request body is over {config.max_body} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise _HTTPError(408, f"the request body did not arrive within {config.body_timeout:g} s") from None
    return b"".join(chunks)


def _data_card(intake: Intake, hook_instance: str) -> dict[str, Any]:
    """The card that says which data the answer used, and which codes were not understood."""
    lines = ["**Data kneelink used:**", ""]
    lines += [f"- {md(item)}" for item in intake.used] or ["- none"]
    if intake.unverified:
        lines += ["", "**Mappings not yet verified** (used, but check them):", ""]
        lines += [f"- {_code(item)}" for item in intake.unverified]
    if intake.not_understood:
        lines += ["", "**Codes kneelink did not understand** (left out of the report):", ""]
        lines += [f"- {_code(item)}" for item in intake.not_understood]
    if intake.notes:
        lines += ["", *[f"- {md(note)}" for note in intake.notes]]
    understood = len(intake.used)
    summary = (
        f"kneelink read the record: {understood} item(s) used, {len(intake.not_understood)} code(s) not understood"
        if intake.report is not None
        else f"No knee symptom kneelink knows in the record ({len(intake.not_understood)} code(s) not understood)"
    )
    return {
        "uuid": card_uuid("", hook_instance, "data"),
        "summary": _summary(summary),
        "detail": "\n".join(lines),
        "indicator": "info",
        "source": {"label": "kneelink: how the record was read"},
    }


def _placeholder(key: str) -> str:
    """What stands for the uuid of card (or suggestion) ``key`` in cards serialized once
    per report. No text of a card can hold it: every text from a pack or a request has its
    control characters replaced."""
    return f"\x00uuid\x00{key}\x00"


# A placeholder as json.dumps writes it, the key captured.
_PLACEHOLDER = re.compile(r'"\\u0000uuid\\u0000(.*?)\\u0000"')


@dataclass(frozen=True)
class _Made:
    """The cards of one answer, serialized once: the cards' JSON split at each uuid (text,
    key, text, key, ..., text), and the answer's digest, from which each request's uuids
    are derived."""

    pieces: tuple[str, ...]
    digest: str

    @classmethod
    def of(cls, keyed: list[tuple[str, dict[str, Any]]], digest: str) -> _Made:
        text = ", ".join(json.dumps(card, ensure_ascii=False) for _, card in keyed)
        pieces = _PLACEHOLDER.split(text)
        pieces[1::2] = [json.loads(f'"{key}"') for key in pieces[1::2]]
        return cls(tuple(pieces), digest)

    def stamped(self, hook_instance: str) -> str:
        """The cards' JSON (comma-separated) with this request's uuids."""
        parts = list(self.pieces)
        parts[1::2] = [f'"{card_uuid(self.digest, hook_instance, key)}"' for key in self.pieces[1::2]]
        return "".join(parts)


class _Lru(Generic[K, V]):
    """At most ``size`` entries, the least recently used dropped first; shared by the
    worker threads, so every step holds a lock."""

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


class _Service:
    """The request handlers, over one pack and one configuration."""

    def __init__(self, pack: RulePack, config: ServiceConfig) -> None:
        self.pack, self.config = pack, config
        self.verifier = Verifier(config.trust) if config.trust is not None else None
        self.kinds = CardKinds(card_kinds(pack))
        self._by_report: _Lru[tuple[object, str | None], _Made] = _Lru(CARD_CACHE)
        self._by_answer: _Lru[tuple[str, str | None], _Made] = _Lru(CARD_CACHE)

    def authorize(self, request: Request, service_id: str) -> None:
        if self.verifier is None:
            return
        assert self.config.trust is not None
        path = f"/cds-services/{service_id}"
        # The spec's aud is the endpoint called; a feedback call may name the service or its feedback URL.
        audiences = [self.config.trust.audience(path), self.config.trust.audience(path + "/feedback")]
        self.verifier.verify(request.headers.get("authorization"), audiences)

    def answer(self, request: Request, service_id: str, body: bytes) -> bytes:
        """The response body for a service call (runs in a worker thread)."""
        self.authorize(request, service_id)
        parsed = _parse(body)
        hook = parsed.get("hook") if isinstance(parsed, dict) else None
        expected = PATIENT_VIEW if service_id == SERVICE_ID else CUSTOM_HOOK
        if isinstance(hook, str) and hook != expected:
            raise _HTTPError(400, f"service {service_id} answers the {expected} hook, not {hook[:60]!r}")
        fetched = self.fetch_missing(parsed) if service_id == SERVICE_ID else []
        try:
            intake = read_request(parsed, self.pack, self.config.today())
            if fetched:
                intake.notes.append(f"not prefetched, read from the FHIR server: {', '.join(fetched)}")
            if intake.report is None:
                cards = [_data_card(intake, parsed["hookInstance"])]
                return json.dumps({"cards": cards}, ensure_ascii=False).encode()
            subject = f"Patient/{intake.patient_id}" if intake.patient_id else None
            made = self.cards_for(intake, subject)
        except BadRequest as error:
            raise _HTTPError(error.status, str(error)) from None
        except EngineError:
            raise
        except KneelinkError as error:
            raise _HTTPError(400, str(error)) from None
        text = made.stamped(parsed["hookInstance"])
        if intake.from_record:
            text += ", " + json.dumps(_data_card(intake, parsed["hookInstance"]), ensure_ascii=False)
        return ('{"cards": [' + text + "]}").encode()

    def fetch_missing(self, parsed: Any) -> list[str]:
        """Read the prefetch a patient-view request lacks from its FHIR server, into ``parsed``
        (see :mod:`kneelink.interop._fetch`): only for a client whose token was verified.
        The keys fetched; none when nothing was missing or there is no way to fetch it."""
        if self.verifier is None or not isinstance(parsed, dict) or parsed.get("hook") != PATIENT_VIEW:
            return []
        context, prefetch = parsed.get("context"), parsed.get("prefetch") or {}
        if not isinstance(context, dict) or not isinstance(prefetch, dict):
            return []
        patient_id, access = context.get("patientId"), fhir_access(parsed)
        missing = {key: template for key, template in PREFETCH.items() if prefetch.get(key) is None}
        if not missing or access is None or not isinstance(patient_id, str) or not patient_id:
            return []
        try:
            bodies = fetch(*access, queries(missing, patient_id))
        except FetchError as error:
            raise _HTTPError(412, f"prefetch {', '.join(missing)} is missing and {error}") from None
        try:
            parsed["prefetch"] = {**prefetch, **{key: _parse(body) for key, body in bodies.items()}}
        except _HTTPError as error:
            raise _HTTPError(
                412, f"prefetch {', '.join(missing)} is missing and what the FHIR server sent is unusable: {error}"
            ) from None
        return list(missing)

    def cards_for(self, intake: Intake, subject: str | None) -> _Made:
        """The cards (uuids aside) for a report, made once per answer and subject: cards
        depend on the answer alone, and many reports get the same answer (an age that no
        rule bounds, a symptom no rule reads), so the answer, not the report, keys them. A
        report seen before skips the answer's JSON and digest too."""
        assert intake.report is not None
        found = self._by_report.get((intake.report, subject))
        if found is not None:
            return found
        answer = self.pack.suggest_regions(intake.report)
        answer_json = answer.model_dump_json()
        digest = answer_digest(answer, answer_json)
        made = self._by_answer.get((digest, subject))
        if made is None:
            keyed = keyed_cards(
                answer,
                subject=subject,
                canonical_base=self.config.canonical_base,
                pack=self.pack,
                uuids=_placeholder,
                answer_json=answer_json,
            )
            made = _Made.of(keyed, digest)
            self._by_answer.put((digest, subject), made)
        self._by_report.put((intake.report, subject), made)
        return made

    def feedback(self, request: Request, service_id: str, body: bytes) -> None:
        self.authorize(request, service_id)
        try:
            rows = parse_feedback(_parse(body), self.kinds)
            store(self.config.feedback_path, service_id, rows)
        except FeedbackError as error:
            raise _HTTPError(400, str(error)) from None


def create_app(pack: RulePack | None = None, config: ServiceConfig | None = None) -> Starlette:
    """The Starlette application answering with ``pack`` (default: kneelink's own)."""
    try:
        from starlette.applications import Starlette
        from starlette.concurrency import run_in_threadpool
        from starlette.exceptions import HTTPException
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route
    except ImportError:
        raise KneelinkError("the service needs starlette: pip install 'kneelink[service]'") from None
    from kneelink._pack import default_pack

    chosen = pack or default_pack()
    settings = config or ServiceConfig()
    service = _Service(chosen, settings)
    known = {SERVICE_ID, CUSTOM_SERVICE_ID}

    def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    def service_id_of(request: Request) -> str:
        service_id = request.path_params["service_id"]
        if service_id not in known:
            raise _HTTPError(404, f"no CDS service {service_id[:60]!r}; GET /cds-services lists them")
        return str(service_id)

    async def discovery(request: Request) -> Response:
        return JSONResponse(DISCOVERY)

    async def call(request: Request) -> Response:
        service_id = service_id_of(request)
        body = await _body(request, settings)
        payload = await run_in_threadpool(service.answer, request, service_id, body)
        return Response(payload, media_type="application/json")

    async def feedback(request: Request) -> Response:
        service_id = service_id_of(request)
        body = await _body(request, settings)
        await run_in_threadpool(service.feedback, request, service_id, body)
        return JSONResponse({"stored": True})

    async def http_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, _HTTPError):
            return error(exc.status, str(exc), exc.headers)
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return error(404, f"no such path {request.url.path[:100]!r}; try GET /cds-services")
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            return error(405, f"{request.method} is not allowed here; use {allowed}", exc.headers)
        return error(exc.status_code, str(exc.detail), exc.headers)

    async def unauthorized(request: Request, exc: Exception) -> Response:
        return error(401, str(exc), {"WWW-Authenticate": 'Bearer realm="kneelink"'})

    async def server_fault(request: Request, exc: Exception) -> Response:
        _log.error("kneelink service failed on a request: %s", type(exc).__name__)
        return error(500, "kneelink could not evaluate this report; the server log has the details")

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type"],
                max_age=600,
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(application: Starlette) -> AsyncIterator[None]:
        _quiet_accept_errors(asyncio.get_running_loop())
        yield

    return Starlette(
        lifespan=lifespan,
        routes=[
            Route("/cds-services", discovery, methods=["GET"]),
            Route("/cds-services/{service_id}", call, methods=["POST"]),
            Route("/cds-services/{service_id}/feedback", feedback, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={
            HTTPException: http_error,
            _HTTPError: http_error,
            Unauthorized: unauthorized,
            Exception: server_fault,
        },
    )


def _quiet_accept_errors(loop: asyncio.AbstractEventLoop) -> None:
    """Log running out of file descriptors once a minute, in a line, not once per attempt.

    asyncio logs a traceback for every accept() that fails for lack of descriptors, up to
    the backlog's length per tick, and retries each second: with idle sockets holding every
    descriptor, the log grows by megabytes a second while nothing is served.
    """
    last = [-60.0]

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") != "socket.accept() out of system resource":
            loop.default_exception_handler(context)
            return
        if loop.time() - last[0] >= 60:
            last[0] = loop.time()
            _log.warning(
                "out of file descriptors: new connections wait until idle ones are closed (%s)",
                context.get("exception"),
            )

    loop.set_exception_handler(handler)


def app(pack: RulePack | None = None) -> Starlette:
    """The ASGI application with the default configuration (no trust, no CORS)."""
    return create_app(pack)


def _protocol(head_timeout: float, max_head: int = MAX_HEAD) -> type[Any]:
    """uvicorn's HTTP protocol (httptools' C parser, or h11 where httptools is missing),
    with a deadline for a request's head and a bound on its size.

    uvicorn times out a connection only between requests, and any byte received resets
    that clock: a client that connects and says nothing, or sends its headers a byte at a
    time, holds a socket for ever. Here a connection that has no request under way
    ``head_timeout`` seconds after it opened (or after its last response) is closed, and
    so is one whose head grows past ``max_head`` bytes (httptools sets no such bound).
    """
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # pragma: no cover - httptools comes with kneelink[service]
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class DeadlineProtocol(Base):
        _deadline: asyncio.TimerHandle | None = None
        _head_bytes = 0

        def _idle(self) -> bool:
            return self.cycle is None or bool(self.cycle.response_complete)

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = self.loop.call_later(head_timeout, self._expire)

        def _expire(self) -> None:
            if self._idle() and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            before = self.cycle
            super().data_received(data)
            if self.cycle is not before:  # a request's head arrived: counting starts again
                self._head_bytes = 0
            elif self._idle():  # every byte so far belongs to a head still incomplete
                self._head_bytes += len(data)
                if self._head_bytes > max_head and not self.transport.is_closing():
                    self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

    return DeadlineProtocol


def uvicorn_config(
    application: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_ca_certs: str | None = None,
    limit_concurrency: int = 100,
    head_timeout: float = HEAD_TIMEOUT,
    log_level: str = "info",
) -> Any:
    """A uvicorn ``Config`` with kneelink's limits: bounded connections, short keep-alive,
    bounded request heads, the head deadline of :func:`_protocol`, and TLS when given."""
    import ssl

    import uvicorn

    return uvicorn.Config(
        application,
        host=host,
        port=port,
        http=_protocol(head_timeout),
        ws="none",
        lifespan="on",
        limit_concurrency=limit_concurrency,
        backlog=256,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=MAX_HEAD,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        ssl_ca_certs=ssl_ca_certs,
        ssl_cert_reqs=ssl.CERT_REQUIRED if ssl_ca_certs else ssl.CERT_NONE,
        server_header=False,
        proxy_headers=False,
        log_level=log_level,
        access_log=False,
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` listens on this machine only."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: str,
    port: int,
    pack: RulePack | None = None,
    *,
    config: ServiceConfig | None = None,
    insecure: bool = False,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_ca_certs: str | None = None,
    limit_concurrency: int = 100,
) -> None:
    """Run the service with uvicorn until interrupted (``kneelink serve``)."""
    settings = config or ServiceConfig()
    if not is_loopback(host) and settings.trust is None and not insecure:
        raise KneelinkError(
            f"refusing to listen on {host!r} (beyond this machine) with no trust configuration: any client could "
            "call the service. Give --trust FILE (trusted EHRs and their keys), or --insecure if you mean it"
        )
    try:
        import uvicorn
    except ImportError:
        raise KneelinkError("the service needs uvicorn: pip install 'kneelink[service]'") from None
    server = uvicorn.Server(
        uvicorn_config(
            create_app(pack, settings),
            host=host,
            port=port,
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            ssl_ca_certs=ssl_ca_certs,
            limit_concurrency=limit_concurrency,
        )
    )
    server.run()
