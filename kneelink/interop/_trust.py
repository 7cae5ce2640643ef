"""Trusting CDS clients: the signed JWT an EHR sends with every CDS Hooks request.

CDS Hooks 2.0 (§Trusting CDS Clients): the client signs a JWT whose ``iss`` names it, whose
``aud`` is the URL of the service endpoint called, with ``exp``, ``iat`` and a ``jti`` never
used twice, and a ``kid`` header naming a key in the issuer's JWK set. PyJWT checks the
signature and the registered claims; this module adds what the spec asks on top: only
issuers the trust file lists, their keys only (from their JWK set URL, or inline), an
algorithm allow-list (never ``none``, never an HMAC, whose "key" a JWK set would publish),
a ``jku`` header accepted only when it is the issuer's configured JWK set URL, a cap on a
token's lifetime, and a replay cache of ``jti`` values until they expire.

The trust file (TOML)::

    audience_base = "https://cds.example.org"       # the service's public URL
    algorithms = ["ES384", "RS384"]                  # optional; these two by default

    [[issuer]]
    iss = "https://ehr.example.org"
    jwks_url = "https://ehr.example.org/.well-known/jwks.json"

    [[issuer]]
    iss = "https://other-ehr.example.org"
    keys = [{ kty = "EC", crv = "P-384", kid = "k1", x = "...", y = "..." }]
"""

from __future__ import annotations

import base64
import json
import threading
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kneelink._errors import KneelinkError

# The asymmetric algorithms a trust file may allow. The spec's examples sign with ES384 or
# RS384; the others are the same families at other sizes.
ASYMMETRIC = ("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA")
DEFAULT_ALGORITHMS = ("ES384", "RS384")
# The spec says a token SHOULD expire within 5 minutes of being issued; more than this is
# refused, which also bounds how long the replay cache must remember a jti.
MAX_LIFETIME = 600
LEEWAY = 30
MAX_REMEMBERED = 200_000


class TrustConfigError(KneelinkError, ValueError):
    """A trust file kneelink cannot use (names the file and the bad value)."""


class Unauthorized(KneelinkError, PermissionError):
    """A request whose token does not prove it comes from a trusted CDS client."""


@dataclass(frozen=True)
class Issuer:
    """One trusted CDS client: its ``iss``, and its JWK set URL or inline keys."""

    iss: str
    jwks_url: str | None = None
    keys: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class TrustConfig:
    """What a trust file says: the service's public URL, allowed algorithms, issuers."""

    audience_base: str
    issuers: Mapping[str, Issuer]
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    source: str = "<trust config>"

    def audience(self, path: str) -> str:
        """The ``aud`` a token for the endpoint at ``path`` must carry."""
        return self.audience_base.rstrip("/") + path


def load_trust(path: str | Path) -> TrustConfig:
    """Read and check a trust file (see the module doc)."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise TrustConfigError(f"trust file {where!r} cannot be read ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TrustConfigError(f"trust file {where!r} is not valid TOML: {error}") from None
    return trust_from_dict(data, where)


def trust_from_dict(data: Mapping[str, Any], where: str = "<trust config>") -> TrustConfig:
    """A :class:`TrustConfig` from the parsed trust file ``data``."""
    unknown = set(data) - {"audience_base", "algorithms", "issuer"}
    if unknown:
        raise TrustConfigError(
            f"{where}: unknown key {sorted(unknown)[0]!r} (valid keys: audience_base, algorithms, issuer)"
        )
    base = data.get("audience_base")
    if not isinstance(base, str) or not base.startswith(("https://", "http://")):
        raise TrustConfigError(
            f"{where}: `audience_base` must be the service's public URL, such as https://cds.example.org"
        )
    algorithms = data.get("algorithms", list(DEFAULT_ALGORITHMS))
    if not isinstance(algorithms, list) or not algorithms:
        raise TrustConfigError(f"{where}: `algorithms` must be a non-empty list, such as {list(DEFAULT_ALGORITHMS)}")
    for name in algorithms:
        if name not in ASYMMETRIC:
            raise TrustConfigError(
                f"{where}: algorithm {name!r} is not allowed (choose from {', '.join(ASYMMETRIC)}; "
                "never none, never a shared-secret HS algorithm)"
            )
    issuers: dict[str, Issuer] = {}
    entries = data.get("issuer", [])
    if not isinstance(entries, list) or not entries:
        raise TrustConfigError(f"{where}: list at least one trusted client as an [[issuer]] table")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("iss"), str) or not entry["iss"]:
            raise TrustConfigError(f"{where}: issuer #{number} needs `iss`, the client's issuer string")
        extra = set(entry) - {"iss", "jwks_url", "keys"}
        if extra:
            raise TrustConfigError(f"{where}: issuer {entry['iss']!r}: unknown key {sorted(extra)[0]!r}")
        url, keys = entry.get("jwks_url"), entry.get("keys", [])
        if url is not None and (not isinstance(url, str) or not url.startswith(("https://", "http://"))):
            raise TrustConfigError(f"{where}: issuer {entry['iss']!r}: `jwks_url` must be an http(s) URL")
        if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
            raise TrustConfigError(f"{where}: issuer {entry['iss']!r}: `keys` must be a list of JWK tables")
        if (url is None) == (not keys):
            raise TrustConfigError(f"{where}: issuer {entry['iss']!r} needs `jwks_url` or `keys` (one of them)")
        issuers[entry["iss"]] = Issuer(entry["iss"], url, tuple(keys))
    return TrustConfig(base, issuers, tuple(algorithms), where)


@dataclass
class _ReplayCache:
    """``jti`` values seen, each kept until its token expires (then it could not be replayed)."""

    seen: dict[tuple[str, str], float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first_use(self, issuer: str, jti: str, expires: float, now: float) -> bool:
        with self.lock:
            if len(self.seen) >= MAX_REMEMBERED // 2:
                self.seen = {key: until for key, until in self.seen.items() if until > now}
            if len(self.seen) >= MAX_REMEMBERED:
                return False  # refuse rather than forget a jti that may still be replayed
            if (issuer, jti) in self.seen:
                return False
            self.seen[(issuer, jti)] = expires + LEEWAY
            return True


def _segment(part: str) -> dict[str, Any]:
    """One base64url JSON segment of a JWT, as a JSON object (ValueError if it is not one)."""
    decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    if not isinstance(decoded, dict):
        raise ValueError("a JWT segment must be a JSON object")
    return decoded


class Verifier:
    """Checks the ``Authorization: Bearer`` token of a request against a :class:`TrustConfig`."""

    def __init__(self, config: TrustConfig) -> None:
        import jwt  # PyJWT: kneelink[service]

        self.config = config
        self._jwt = jwt
        self._replay = _ReplayCache()
        self._clients: dict[str, Any] = {}
        self._inline: dict[str, dict[str, Any]] = {}
        for issuer in config.issuers.values():
            if issuer.jwks_url is not None:
                # PyJWKClient fetches the set once and again only for a kid it has not seen.
                self._clients[issuer.iss] = jwt.PyJWKClient(issuer.jwks_url, cache_keys=True, lifespan=3600, timeout=5)
            else:
                try:
                    jwk_set = jwt.PyJWKSet.from_dict({"keys": [dict(key) for key in issuer.keys]})
                except jwt.PyJWTError as error:
                    raise TrustConfigError(f"{config.source}: issuer {issuer.iss!r}: bad key ({error})") from None
                self._inline[issuer.iss] = {key.key_id: key for key in jwk_set.keys if key.key_id}

    def verify(self, authorization: str | None, audiences: Sequence[str]) -> dict[str, Any]:
        """The verified claims of the request's token, or :class:`Unauthorized` saying why not.

        ``audiences``: the ``aud`` values accepted (the URL of the endpoint called)."""
        jwt = self._jwt
        if not authorization:
            raise Unauthorized("this service needs `Authorization: Bearer <JWT>` signed by a trusted CDS client")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("the Authorization header must be `Bearer <JWT>`")
        token = token.strip()
        try:
            # Read only to choose the issuer and key: PyJWT verifies it all below, signature first.
            header, unverified = (_segment(part) for part in token.split(".")[:2])
        except (ValueError, TypeError, RecursionError):
            raise Unauthorized("the bearer token is not a well-formed JWT") from None
        algorithm = header.get("alg")
        if algorithm not in self.config.algorithms:
            allowed = ", ".join(self.config.algorithms)
            raise Unauthorized(f"token algorithm {algorithm!r} is not allowed (allowed: {allowed})")
        iss = unverified.get("iss")
        issuer = self.config.issuers.get(iss) if isinstance(iss, str) else None
        if issuer is None:
            raise Unauthorized(f"token issuer {str(iss)[:80]!r} is not a trusted CDS client")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("the token header needs `kid`, the id of the signing key in the issuer's JWK set")
        jku = header.get("jku")
        if jku is not None and jku != issuer.jwks_url:
            raise Unauthorized("the token's `jku` is not the JWK set URL configured for its issuer")
        jwk = self._key(issuer, kid)
        # A JWK need not name its algorithm (PyJWK then assumes RS256 for any RSA key); the
        # allow-list above chose the algorithm, and a JWK that names another is refused.
        named = jwk._jwk_data.get("alg") if isinstance(getattr(jwk, "_jwk_data", None), dict) else None
        if named is not None and named != algorithm:
            raise Unauthorized(f"key {kid[:80]!r} is for {named!r}, not the token's {algorithm!r}")
        key = jwk.key
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=list(self.config.algorithms),
                audience=list(audiences),
                issuer=issuer.iss,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the token has expired") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized(f"the token's `aud` is not this service endpoint ({audiences[0]})") from None
        except jwt.PyJWTError as error:
            raise Unauthorized(f"the token was refused: {error}") from None
        now = time.time()
        exp, jti = claims["exp"], claims["jti"]
        if not isinstance(jti, str) or not jti:
            raise Unauthorized("the token's `jti` must be a non-empty string")
        if exp - now > MAX_LIFETIME:
            raise Unauthorized(f"the token expires more than {MAX_LIFETIME} s from now; issue short-lived tokens")
        if not self._replay.first_use(issuer.iss, jti, float(exp), now):
            raise Unauthorized("this token (its `jti`) has been used before: a replay")
        return claims

    def _key(self, issuer: Issuer, kid: str) -> Any:
        jwt = self._jwt
        if issuer.jwks_url is None:
            found = self._inline[issuer.iss].get(kid)
            if found is None:
                raise Unauthorized(f"no key {kid[:80]!r} among the keys configured for issuer {issuer.iss!r}")
            return found
        try:
            return self._clients[issuer.iss].get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise Unauthorized(f"the JWK set of issuer {issuer.iss!r} could not be fetched") from None
        except jwt.PyJWKClientError:
            raise Unauthorized(f"no key {kid[:80]!r} in the JWK set of issuer {issuer.iss!r}") from None
