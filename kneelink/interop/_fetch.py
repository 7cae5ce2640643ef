"""What a ``patient-view`` request did not prefetch, read from the client's FHIR server.

CDS Hooks 2.0 (§Prefetch, §FHIR Resource Access): a service that lacks prefetched data may
query the ``fhirServer`` the request names, with the bearer token in ``fhirAuthorization``;
only when it cannot get the data either way does it answer 412. kneelink queries the
server only for a client whose signed JWT it has verified (otherwise any caller could aim
kneelink's requests at addresses it can reach), only over http(s), with the same templates
its discovery declares, no redirects, a time limit for the whole fetch, a size limit per
resource, and JSON only. The bytes go back to the service, which parses them as it parses
a request body.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

from kneelink._errors import KneelinkError

# Per resource: a Patient is a few kB; a page of Conditions, tens.
MAX_RESOURCE = 1024 * 1024
# The whole fetch (every query): a CDS client waits for the cards.
DEADLINE = 10.0
# A page of Conditions at most this long (a patient with more is read from the first page).
PAGE = 100
_MEDIA = ("application/fhir+json", "application/json")


class FetchError(KneelinkError, ConnectionError):
    """The FHIR server could not give what was asked (the message says why)."""


def fhir_access(request: Mapping[str, Any]) -> tuple[str, str] | None:
    """The FHIR server's base URL and bearer token a request carries, or ``None``."""
    server, authorization = request.get("fhirServer"), request.get("fhirAuthorization")
    if not isinstance(server, str) or not isinstance(authorization, dict):
        return None
    token, kind = authorization.get("access_token"), authorization.get("token_type")
    if not isinstance(token, str) or not token or not isinstance(kind, str) or kind.lower() != "bearer":
        return None
    parts = urllib.parse.urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    return server.rstrip("/"), token


def queries(templates: Mapping[str, str], patient_id: str) -> dict[str, str]:
    """The prefetch ``templates`` with the patient's id put in (quoted: it is the client's text)."""
    quoted = urllib.parse.quote(patient_id, safe="")
    filled = {key: template.replace("{{context.patientId}}", quoted) for key, template in templates.items()}
    return {key: query + (f"&_count={PAGE}" if "?" in query else "") for key, query in filled.items()}


def fetch(server: str, token: str, wanted: Mapping[str, str]) -> dict[str, bytes]:
    """The body of each query in ``wanted`` (key → relative URL) read from ``server``."""
    import httpx  # kneelink[service]

    deadline = time.monotonic() + DEADLINE
    found: dict[str, bytes] = {}
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
    try:
        with httpx.Client(headers=headers, timeout=httpx.Timeout(5.0), follow_redirects=False) as client:
            for key, query in wanted.items():
                found[key] = _read(client, f"{server}/{query}", deadline)
    except httpx.HTTPError as error:
        raise FetchError(f"the FHIR server {server[:100]!r} could not be read ({type(error).__name__})") from None
    return found


def _read(client: Any, url: str, deadline: float) -> bytes:
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise FetchError(f"the FHIR server answered {response.status_code} for {url[:200]!r}")
        media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media not in _MEDIA:
            raise FetchError(f"the FHIR server sent {media[:60]!r}, not FHIR JSON, for {url[:200]!r}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_RESOURCE:
                raise FetchError(f"the FHIR server sent more than {MAX_RESOURCE} bytes for {url[:200]!r}")
            if time.monotonic() > deadline:
                raise FetchError(f"the FHIR server took more than {DEADLINE:g} s")
            chunks.append(chunk)
    return b"".join(chunks)
