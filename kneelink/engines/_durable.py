"""The durable engine: a synchronous, thread-safe adapter over durable-rules' C engine.

durable-rules 2.0.28 is unmaintained, and its Python host (``durable.engine.Host``) is
unsafe to embed: it starts dispatcher threads that race callers, swallows exceptions
raised in actions into the session state, and calls ``utcfromtimestamp`` (a warning per
action on Python 3.12). So kneelink drives the compiled Rete engine, the C extension
``durable_rules_engine``, through the same calls the host makes, and nothing else:

- no background threads: an evaluation runs its actions in the caller's thread;
- one lock per ruleset, because a ruleset's sessions live in shared C state;
- a fresh, counter-based session id per evaluation, always deleted: a ruleset holds at
  most 1024 live sessions (the next raises ``MemoryError``) and matches session ids by a
  32-bit hash, so only one session is ever alive per ruleset and its state is checked to
  be the one we sent;
- every ruleset gets a name no other has (a registered name cannot be reused) and is
  deleted when its :class:`Engine` is garbage collected;
- errors from the C engine, or ``Exception``\\ s from our own action code, become
  :class:`EngineError` after the session is cleaned up, so the next call works; a
  ``KeyboardInterrupt``, ``SystemExit`` or other ``BaseException`` propagates unchanged,
  after the same cleanup, so ``except KneelinkError`` never swallows a Ctrl-C;
- every session fires at least one action, an internal rule matching an opening fact.
  durable-rules never initialises a session's action context (``createStateNode`` leaves
  ``context.messages`` and ``context.stateFact`` as whatever the reused memory held), and
  ``deleteState`` (and ``abandonAction``) free them: deleting a session in which no action
  started frees garbage and can crash the process. Starting an action sets them, and
  completing or abandoning it clears them. A session interrupted anywhere, even between
  asserting the report and starting the first action, is discarded by asserting the
  opening fact again (which finds the session, or makes one), starting an action if none
  is under way, abandoning it, and only then deleting the session.

Rule limits that durable-rules does not report, or reports without a location, are
checked before a ruleset is made (:mod:`kneelink.engines._limits`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

try:
    import durable_rules_engine as _dre
except ImportError:  # pragma: no cover - on Python 3.13 without the durable extra
    # Only a durable engine needs it, and engines._choice builds one only where it imports;
    # this module must still import for tools that read every module (doctest collection).
    _dre = None

from kneelink._errors import EngineError
from kneelink.engines._compiler import CompiledPack
from kneelink.engines._interface import EngineName, Firing

__all__ = ["Engine", "Firing"]

_ruleset_numbers = itertools.count(1)
_SESSION_NOT_FOUND = 309  # ERR_SID_NOT_FOUND in durable-rules' rules.h
# Rule ids are [a-z][a-z0-9_]*, so these can never clash with a pack's rules or facts.
_OPENING_RULE = "kneelink:open-session"
_OPENING_FACT = {"kneelink_session": 1}


def _delete_ruleset(handle: int) -> None:
    # At garbage collection there is no one left to tell of a failure.
    with contextlib.suppress(_dre.error):
        _dre.delete_ruleset(handle)


def _fact_json(fact: Mapping[str, Any]) -> str:
    """``fact`` as JSON up to its session id: the part before ``<sid>}``.

    >>> _fact_json({"f": "knee_pain"}) + '"7"}'
    '{"f": "knee_pain", "sid": "7"}'
    """
    return "{" + json.dumps(fact)[1:-1] + ', "sid": '


_OPENING_JSON = _fact_json(_OPENING_FACT)


def _rule_name(message: str) -> str:
    # An action message is {"<rule name>": {<alias>: <fact>, ...}}; rule names never hold
    # a quote or an escape, so the name can be read without parsing the facts.
    if message.startswith('{"'):
        return message[2 : message.index('"', 2)]
    ((name, _),) = json.loads(message).items()
    return str(name)


class Engine:
    """One compiled ruleset in durable-rules, evaluated one session at a time."""

    kind: EngineName = "durable"

    def __init__(self, compiled: CompiledPack, label: str) -> None:
        self.name = f"kneelink/{label}/{next(_ruleset_numbers)}"
        self._compiled = compiled
        # A rule's facts are its positive conditions, so each firing is known in advance.
        self._firing_for: Mapping[str, Firing] = {
            rule.name: Firing(rule.name, rule.positive) for rule in compiled.rules
        }
        self._derives: Mapping[str, tuple[str, ...]] = {rule.name: rule.rule.derive for rule in compiled.rules}
        # Each fact a rule needs or derives, and each absence a rule tests, as JSON up to its
        # session id (see _fact_json): a report's facts are then joined, not encoded, per call.
        self._fact_json: Mapping[str, str] = {
            fact: _fact_json({"f": fact}) for rule in compiled.rules for fact in (*rule.positive, *rule.rule.derive)
        }
        self._absent_json: Mapping[str, str] = {id_: _fact_json({"absent": id_}) for id_ in compiled.negated_symptoms}
        try:
            rules = {**compiled.definition, _OPENING_RULE: {"all": [{"open": _OPENING_FACT}], "pri": 0}}
            self._handle: int = _dre.create_ruleset(self.name, json.dumps(rules))
        except (_dre.error, MemoryError) as error:
            raise EngineError(f"durable-rules could not compile ruleset {self.name!r}: {error}") from None
        self._lock = threading.Lock()
        self._session_ids = itertools.count(1)
        # The session under way's state handle once an action has started (and so its
        # action context is set); None before. Read and written under the lock.
        self._action_state: int | None = None
        self._finalizer = weakref.finalize(self, _delete_ruleset, self._handle)

    def evaluate(self, symptoms: frozenset[str], age: int | None, absent: frozenset[str] = frozenset()) -> list[Firing]:
        """The firings for a report (see :class:`~kneelink.engines._interface.RuleEngine`)."""
        return self._run(self.report_parts(symptoms, age, absent), set(symptoms))

    def report_parts(self, symptoms: frozenset[str], age: int | None, absent: frozenset[str]) -> list[str]:
        """The facts to assert for a report, each as JSON up to its session id (see
        :func:`_fact_json`): its age, its symptoms, and the absence of each symptom a rule
        excludes and the report says is absent. Sorted, so the firing order does not depend
        on the order the symptoms were given in."""
        known = self._fact_json
        parts = [] if age is None else [_fact_json({"age": age})]
        parts += [known.get(id_) or _fact_json({"f": id_}) for id_ in sorted(symptoms)]
        absent_json = self._absent_json
        parts += [absent_json[id_] for id_ in sorted(self._compiled.negated_symptoms.intersection(absent) - symptoms)]
        return parts

    def _derive(self, firing: Firing) -> tuple[str, ...]:
        """The ids of the facts ``firing`` derives (a method: tests inject faults here)."""
        return self._derives[firing.name]

    def _run(self, parts: Sequence[str], known: set[str]) -> list[Firing]:
        """Assert the facts ``parts`` (JSON up to their session id, see :func:`_fact_json`) in
        a new session, fire rules to a fixpoint, return the firings. Each fact a firing
        derives is asserted once (``known``: the ids asserted so far)."""
        with self._lock:
            session = str(next(self._session_ids))
            self._action_state = None
            try:
                firings = self._run_session(session, parts, known)
            except BaseException:
                self._discard(session)
                raise
            self._delete_session(session)
            return firings

    def _run_session(self, session: str, parts: Sequence[str], known: set[str]) -> list[Firing]:
        firings: list[Firing] = []
        session_json = json.dumps(session) + "}"
        batch = "[" + ", ".join(part + session_json for part in (_OPENING_JSON, *parts)) + "]"
        state_handle = self._call("assert the report's facts", _dre.assert_facts, batch)[1]
        state, message = self._call("start an action", _dre.start_action_for_state, state_handle)
        self._action_state = state_handle
        if json.loads(state).get("sid") != session:
            raise EngineError(f"durable-rules returned the state of another session for session {session!r}")
        while message:
            name = _rule_name(message)
            if name != _OPENING_RULE:
                firing = self._firing_for[name]
                firings.append(firing)
                try:
                    derived = [fact for fact in self._derive(firing) if fact not in known]
                except Exception as error:
                    raise EngineError(f"rule {name!r} failed in its action: {error!r}") from error
                if derived:
                    known.update(derived)
                    # json.dumps of [{"f": fact, "sid": session}, ...], each fact's part made once.
                    encoded = "[" + ", ".join(self._fact_json[fact] + session_json for fact in derived) + "]"
                    self._call(f"derive {derived}", _dre.assert_facts, encoded)
            message = self._call("complete an action", _dre.complete_and_start_action, state_handle)
        return firings

    def _call(self, what: str, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(self._handle, *args)
        except (_dre.error, MemoryError) as error:
            raise EngineError(f"durable-rules failed to {what} in ruleset {self.name!r}: {error!r}") from None

    def _discard(self, session: str) -> None:
        """Delete a session left at any point of an evaluation, without crashing."""
        handle = self._handle
        try:
            if self._action_state is not None:  # the usual case: an action is under way
                _dre.abandon_action(handle, self._action_state)
                _dre.delete_state(handle, session)
                return
            # The opening fact finds the session (or makes one): its state handle, even
            # when the failure came before assert_facts returned it.
            state_handle = _dre.assert_fact(handle, json.dumps({**_OPENING_FACT, "sid": session}))[1]
            # Sets the action context if no action ever started; when one is under way,
            # there is nothing more to start (error 310) and the context is already set.
            with contextlib.suppress(_dre.error):
                _dre.start_action_for_state(handle, state_handle)
            _dre.abandon_action(handle, state_handle)
            _dre.delete_state(handle, session)
        except _dre.error:
            # Leaving one session alive is safe; deleting one we could not prepare is not.
            pass

    def _delete_session(self, session: str) -> None:
        try:
            _dre.delete_state(self._handle, session)
        except _dre.error as error:
            if not str(error).endswith(f"error code: {_SESSION_NOT_FOUND}"):
                raise EngineError(f"durable-rules could not delete session {session!r}: {error!r}") from None
