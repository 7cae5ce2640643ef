"""A synchronous, thread-safe adapter over durable-rules' engine.

durable-rules 2.0.28 is unmaintained, and its Python host (``durable.engine.Host``) is
unsafe to embed: it starts dispatcher threads that race callers, swallows exceptions
raised in actions into the session state, and calls ``utcfromtimestamp`` (a warning per
action on Python 3.12). So kneelink drives the compiled Rete engine, the C extension
``durable_rules_engine``, through the same calls the host makes, and nothing else:

- no background threads: an evaluation runs its actions in the caller's thread;
- one lock per ruleset, because a ruleset's sessions live in shared C state;
- a fresh, counter-based session id per evaluation, deleted in ``finally``: a ruleset holds
  at most 1024 live sessions (the next raises ``MemoryError``) and matches session ids by a
  32-bit hash, so only one session is ever alive per ruleset and its state is checked to be
  the one we sent;
- every ruleset gets a name no other has (a registered name cannot be reused) and is
  deleted when its :class:`Engine` is garbage collected;
- errors from the C engine, or from our own action code, become :class:`EngineError`
  after the action is abandoned and the session deleted, so the next call works;
- every session fires at least one action, an internal rule matching an opening fact.
  durable-rules never initialises a session's action context (``createStateNode`` leaves
  ``context.messages`` and ``context.stateFact`` as whatever the reused memory held), and
  ``deleteState`` frees them: deleting a session in which no rule fired frees garbage and
  can crash the process. Firing one action sets them, and completing it clears them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _dre

from kneelink._errors import EngineError

_ruleset_numbers = itertools.count(1)
_SESSION_NOT_FOUND = 309  # ERR_SID_NOT_FOUND in durable-rules' rules.h
# Rule ids are [a-z][a-z0-9_]*, so these can never clash with a pack's rules or facts.
_OPENING_RULE = "kneelink:open-session"
_OPENING_FACT = {"kneelink_session": 1}


@dataclass(frozen=True)
class Firing:
    """One rule firing: the durable-rules rule name and the fact ids it matched, in the
    order of the rule's conditions."""

    name: str
    matched: tuple[str, ...]


# Called for each firing; returns the ids of the facts the firing derives.
Action = Callable[[Firing], Sequence[str]]


def _delete_ruleset(handle: int) -> None:
    # At garbage collection there is no one left to tell of a failure.
    with contextlib.suppress(_dre.error):
        _dre.delete_ruleset(handle)


def _matched_ids(match: Mapping[str, Any]) -> tuple[str, ...]:
    # Conditions are named c0, c1, ... in order; the age test matches no fact id.
    named = sorted((int(alias[1:]), fact["f"]) for alias, fact in match.items() if alias.startswith("c"))
    return tuple(fact_id for _, fact_id in named)


class Engine:
    """One compiled ruleset, evaluated one session at a time."""

    def __init__(self, definition: Mapping[str, Any], label: str) -> None:
        self.name = f"kneelink/{label}/{next(_ruleset_numbers)}"
        try:
            rules = {**definition, _OPENING_RULE: {"all": [{"open": _OPENING_FACT}], "pri": 0}}
            self._handle: int = _dre.create_ruleset(self.name, json.dumps(rules))
        except (_dre.error, MemoryError) as error:
            raise EngineError(f"durable-rules could not compile ruleset {self.name!r}: {error}") from None
        self._lock = threading.Lock()
        self._session_ids = itertools.count(1)
        self._finalizer = weakref.finalize(self, _delete_ruleset, self._handle)

    def run(self, facts: Sequence[Mapping[str, Any]], action: Action) -> list[Firing]:
        """Assert ``facts`` in a new session, fire rules to a fixpoint, return the firings.

        ``action`` is called for each firing and returns fact ids to derive; each is
        asserted once, and may make further rules fire.
        """
        with self._lock:
            session = str(next(self._session_ids))
            try:
                return self._run_session(session, facts, action)
            finally:
                self._delete_session(session)

    def _run_session(self, session: str, facts: Sequence[Mapping[str, Any]], action: Action) -> list[Firing]:
        batch = [{**fact, "sid": session} for fact in (_OPENING_FACT, *facts)]
        known = {fact["f"] for fact in facts if "f" in fact}
        firings: list[Firing] = []
        state_handle = self._call("assert the report's facts", _dre.assert_facts, json.dumps(batch))[1]
        pending = self._call("start an action", _dre.start_action_for_state, state_handle)
        while pending:
            state, message = json.loads(pending[0]), json.loads(pending[1])
            if state.get("sid") != session:
                _dre.abandon_action(self._handle, state_handle)
                raise EngineError(f"durable-rules returned session {state.get('sid')!r} for session {session!r}")
            ((name, match),) = message.items()
            if name != _OPENING_RULE:
                firing = Firing(name, _matched_ids(match))
                firings.append(firing)
                try:
                    self._derive(session, action(firing), known)
                except BaseException as error:
                    _dre.abandon_action(self._handle, state_handle)
                    if isinstance(error, EngineError):
                        raise
                    raise EngineError(f"rule {name!r} failed in its action: {error!r}") from error
            next_message = self._call("complete an action", _dre.complete_and_start_action, state_handle)
            pending = (pending[0], next_message) if next_message else None
        return firings

    def _derive(self, session: str, fact_ids: Sequence[str], known: set[str]) -> None:
        for fact_id in fact_ids:
            if fact_id not in known:
                known.add(fact_id)
                self._call(f"derive {fact_id!r}", _dre.assert_fact, json.dumps({"f": fact_id, "sid": session}))

    def _call(self, what: str, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(self._handle, *args)
        except (_dre.error, MemoryError) as error:
            raise EngineError(f"durable-rules failed to {what} in ruleset {self.name!r}: {error!r}") from None

    def _delete_session(self, session: str) -> None:
        try:
            _dre.delete_state(self._handle, session)
        except _dre.error as error:
            if not str(error).endswith(f"error code: {_SESSION_NOT_FOUND}"):
                raise EngineError(f"durable-rules could not delete session {session!r}: {error!r}") from None
