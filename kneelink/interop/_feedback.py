"""Card feedback (CDS Hooks 2.0 §Feedback): what clinicians did with kneelink's cards.

``POST /cds-services/{id}/feedback`` stores each outcome (accepted or overridden, the
suggestions accepted, the override reason and comment) in SQLite, one row per outcome;
``kneelink feedback`` summarises which kinds of card clinicians override.

The database file is created on first use. It runs in WAL mode with ``synchronous=FULL``
and each request's rows go in one transaction, so a process killed mid-write leaves the
file whole: every acknowledged request is on disk, and a half-written one is rolled back.

Feedback names a card only by its ``uuid``; the last four bytes of a kneelink card's uuid
name its kind (:func:`kneelink.interop._cds.kind_tag`), so the kind (triage, a region,
withheld) is read back from the uuid, after a restart too, and the summary can say
"region:quadriceps cards were overridden 3 times". A uuid kneelink did not issue is stored
with kind ``unknown``.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kneelink._errors import KneelinkError
from kneelink.interop._cds import kind_tag

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    service TEXT NOT NULL,
    card TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    accepted_suggestions TEXT NOT NULL,
    override_code TEXT,
    override_display TEXT,
    override_comment TEXT,
    outcome_timestamp TEXT NOT NULL,
    received TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""
MAX_ITEMS = 100
MAX_TEXT = 2000


class FeedbackError(KneelinkError, ValueError):
    """Feedback the service cannot store, or a database it cannot read."""


class CardKinds:
    """The kind of a card, read from its uuid, among the ``kinds`` the service's cards can be."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self._by_tag = {kind_tag(kind): kind for kind in kinds}

    def kind(self, card: str) -> str:
        try:
            tag = uuid.UUID(card).bytes[12:]
        except ValueError:
            return "unknown"
        return self._by_tag.get(tag, "unknown")


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(_SCHEMA)
    except (OSError, sqlite3.Error) as error:
        raise FeedbackError(f"feedback database {str(path)!r} cannot be opened: {error}") from None
    return connection


def _text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FeedbackError(f"{what} must be a string")
    return value[:MAX_TEXT]


def parse_feedback(body: object, kinds: CardKinds) -> list[tuple[Any, ...]]:
    """The rows a feedback request body holds, checked; :class:`FeedbackError` if malformed."""
    if not isinstance(body, dict) or not isinstance(body.get("feedback"), list) or not body["feedback"]:
        raise FeedbackError('the body must be {"feedback": [...]}, a non-empty list of outcomes')
    if len(body["feedback"]) > MAX_ITEMS:
        raise FeedbackError(f"at most {MAX_ITEMS} outcomes per request")
    rows = []
    for item in body["feedback"]:
        if not isinstance(item, dict):
            raise FeedbackError("each feedback item must be a JSON object")
        card, outcome, when = item.get("card"), item.get("outcome"), item.get("outcomeTimestamp")
        if not isinstance(card, str) or not card or len(card) > 100:
            raise FeedbackError("each feedback item needs `card`, the uuid of the card")
        if outcome not in ("accepted", "overridden"):
            raise FeedbackError(f"`outcome` must be accepted or overridden, not {str(outcome)[:40]!r}")
        if not isinstance(when, str) or not when or len(when) > 40:
            raise FeedbackError("each feedback item needs `outcomeTimestamp`, an ISO 8601 instant")
        accepted = item.get("acceptedSuggestions", [])
        if not isinstance(accepted, list) or not all(
            isinstance(a, dict) and isinstance(a.get("id"), str) for a in accepted
        ):
            raise FeedbackError('`acceptedSuggestions` must be a list of {"id": ...} objects')
        reason = item.get("overrideReason")
        code = display = comment = None
        if reason is not None:
            if not isinstance(reason, dict):
                raise FeedbackError("`overrideReason` must be a JSON object")
            coding = reason.get("reason")
            if coding is not None:
                if not isinstance(coding, dict):
                    raise FeedbackError("`overrideReason.reason` must be a Coding")
                code = _text(coding.get("code"), "overrideReason.reason.code")
                display = _text(coding.get("display"), "overrideReason.reason.display")
            comment = _text(reason.get("userComment"), "overrideReason.userComment")
        ids = ",".join(a["id"][:100] for a in accepted)
        rows.append((card, kinds.kind(card), outcome, ids, code, display, comment, when))
    return rows


def store(path: Path, service: str, rows: list[tuple[Any, ...]]) -> None:
    """Write ``rows`` for ``service`` in one transaction (all or nothing)."""
    connection = _connect(path)
    try:
        with connection:  # BEGIN ... COMMIT, or ROLLBACK on error
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(
                "INSERT INTO feedback (service, card, kind, outcome, accepted_suggestions, override_code, "
                "override_display, override_comment, outcome_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(service, *row) for row in rows],
            )
    except sqlite3.Error as error:
        raise FeedbackError(f"feedback could not be stored in {str(path)!r}: {error}") from None
    finally:
        connection.close()


def summary(path: Path) -> list[dict[str, Any]]:
    """Per kind of card: how often accepted, how often overridden, and the override reasons."""
    if not path.is_file():
        raise FeedbackError(f"no feedback database at {str(path)!r} (the service creates it on the first feedback)")
    connection = _connect(path)
    try:
        counts = connection.execute(
            "SELECT kind, SUM(outcome = 'accepted'), SUM(outcome = 'overridden') FROM feedback "
            "GROUP BY kind ORDER BY SUM(outcome = 'overridden') DESC, kind"
        ).fetchall()
        reasons = connection.execute(
            "SELECT kind, COALESCE(override_display, override_code, 'no reason given'), COUNT(*) FROM feedback "
            "WHERE outcome = 'overridden' GROUP BY 1, 2 ORDER BY 3 DESC, 2"
        ).fetchall()
    except sqlite3.Error as error:
        raise FeedbackError(f"feedback database {str(path)!r} cannot be read: {error}") from None
    finally:
        connection.close()
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for kind, reason, count in reasons:
        by_kind.setdefault(kind, []).append({"reason": reason, "count": count})
    return [
        {"kind": kind, "accepted": accepted, "overridden": overridden, "override_reasons": by_kind.get(kind, [])}
        for kind, accepted, overridden in counts
    ]
