"""Worker processes for :meth:`RulePack.suggest_many <kneelink.RulePack.suggest_many>`.

The calling process checks every report, then hands them out in chunks: to the workers,
which answer with their own copy of the pack and send the answers back, and to itself,
between reading what comes back. Three costs decide whether two processes beat one, and
all are kept small here:

- Starting the workers. Where it is safe, a worker is forked: it starts in milliseconds
  with the pack as it is, and imports nothing (see :func:`worker_context`).
- Sending the answers back. The calling process rebuilds every answer it receives, on a
  core the workers need. Answers share most of their parts: the same regions, reasons,
  withheld regions, red flags and citations come back again and again (the pack's
  explainer builds each once and reuses it). Each worker sends each such part once per
  batch and names it by number after that (:class:`_PartsPickler`), so an answer costs
  the caller a few microseconds, however small the chunks; and the garbage collector is
  paused while they are read, as it is while a pack loads (nothing read is garbage).
- Waiting. Chunks shrink towards the end of the batch (:func:`chunk_spans`), so no
  process waits long for another's last chunk, and the calling process answers chunks
  itself instead of waiting on a core the workers need.
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import multiprocessing.process
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from kneelink._answer import (
    Citation,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    WithheldRegion,
    _Frozen,
    unchecked,
)
from kneelink._errors import EngineError, KneelinkError
from kneelink._loader import collection_paused

if TYPE_CHECKING:
    from kneelink._answer import Suggestion
    from kneelink._pack import RulePack
    from kneelink._report import SymptomReport

# Reports per chunk: at most MAX_CHUNK (~20 ms of work on the default pack), at least
# MIN_CHUNK, else what is left over CHUNKS_PER_PROCESS times the processes (chunk_spans).
MIN_CHUNK, MAX_CHUNK, CHUNKS_PER_PROCESS = 8, 200, 4
# Chunks sent ahead to each worker, so that it never waits while this process answers one.
_QUEUED_PER_WORKER = 2
# Reports this process answers between two looks at its workers' pipes (~0.5 ms).
_SLICE = 16
# The answer parts a worker sends once and then names by number.
_SHARED_PARTS = frozenset({Citation, PackInfo, Reason, RedFlagHit, RegionSuggestion, WithheldRegion})
# At most this many parts per worker are remembered (and kept alive); past it, parts are
# sent whole, as any other value is.
_MAX_SHARED = 50_000


def answers_in_processes(
    pack: RulePack, reports: list[SymptomReport], processes: int
) -> list[Suggestion | KneelinkError]:
    """The answers to ``reports`` (already checked against ``pack``), in their order,
    worked out by ``processes`` processes: this one and ``processes - 1`` workers.

    This process answers chunks too, a slice at a time, and between slices reads what
    the workers sent and hands each its next chunk, so a worker never waits long on a
    full pipe or an empty one. It talks to its workers itself, through one pipe each: a
    process pool's helper threads would need this thread's GIL to do that, and get it
    only every few milliseconds while this thread answers.
    """
    spans = chunk_spans(len(reports), processes)
    context = worker_context(pack)
    forked = context.get_start_method() == "fork"
    # A forked worker already has the pack. Others get it pickled (RulePack.__reduce__),
    # once for all of them: a 20,000-rule pack takes ~0.7 s to pickle.
    shipped = pack if forked else pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    workers: list[_Worker] = []
    try:
        for _ in range(processes - 1):
            workers.append(_Worker.start(context, shipped, reports))
        done: list[list[Suggestion | KneelinkError] | None] = [None] * len(spans)
        taken = 0  # spans handed out, to a worker or to this process

        def exchange() -> None:
            """Read every answer waiting in a pipe, and keep every worker's queue full."""
            nonlocal taken
            for worker in workers:
                while worker.in_flight and worker.connection.poll():
                    place = worker.in_flight.popleft()
                    with collection_paused():  # what is read stays alive: nothing for a collection to find
                        done[place] = worker.receive()
                while taken < len(spans) and len(worker.in_flight) < _QUEUED_PER_WORKER:
                    worker.send(taken, spans[taken])
                    taken += 1

        exchange()
        while taken < len(spans):
            place = taken
            taken += 1
            start, stop = spans[place]
            answered: list[Suggestion | KneelinkError] = []
            for first in range(start, stop, _SLICE):
                answered += [pack._answer_or_error(report) for report in reports[first : min(stop, first + _SLICE)]]
                exchange()
            done[place] = answered
        while any(worker.in_flight for worker in workers):
            multiprocessing.connection.wait([worker.connection for worker in workers if worker.in_flight])
            exchange()
        for worker in workers:
            worker.stop()
        return [answer for answers in done if answers is not None for answer in answers]
    finally:
        for worker in workers:  # on an interrupt or a failure: no worker outlives the batch
            worker.end()


class _Worker:
    """A worker process and this process's end of its pipe: chunks go out as they are
    taken, and come back answered in the order they went."""

    def __init__(self, process: multiprocessing.process.BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.in_flight: deque[int] = deque()  # the places of the chunks sent and not yet read
        self.parts: dict[int, object] = {}  # the parts it has sent, by number

    @classmethod
    def start(
        cls, context: multiprocessing.context.BaseContext, shipped: RulePack | bytes, reports: list[SymptomReport]
    ) -> _Worker:
        # The worker gets every report as it starts (inherited when forked, else pickled
        # once), so a chunk is only its span: what goes down a pipe while the worker may be
        # writing its answers back is never big enough to fill it, so neither side can
        # block on the other.
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, shipped, reports), daemon=True)  # type: ignore[attr-defined]
        process.start()
        theirs.close()
        return cls(process, mine)

    def send(self, place: int, span: tuple[int, int]) -> None:
        self.connection.send(span)
        self.in_flight.append(place)

    def receive(self) -> list[Suggestion | KneelinkError]:
        try:
            kind, payload = pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError):
            raise EngineError(f"a worker process of suggest_many ended (exit code {self._exit_code()})") from None
        if kind == "failed":
            raise EngineError(f"a worker process of suggest_many failed: {payload}")
        return _read_answers(payload, self.parts)

    def stop(self) -> None:
        self.connection.send(None)
        self.process.join()

    def end(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()

    def _exit_code(self) -> int | None:
        self.process.join(timeout=1)
        return self.process.exitcode


def chunk_spans(count: int, processes: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of each chunk of ``count`` reports for ``processes`` processes:
    each chunk a share of what is left (at most :data:`MAX_CHUNK`, at least
    :data:`MIN_CHUNK`), so chunks shrink towards the end and the processes finish
    together rather than one waiting for another's last big chunk.

    >>> chunk_spans(20, 2)
    [(0, 8), (8, 16), (16, 20)]
    >>> sizes = [stop - start for start, stop in chunk_spans(10_000, 2)]
    >>> sizes[0], sizes[-1] <= MIN_CHUNK, sum(sizes)
    (200, True, 10000)
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while start < count:
        size = max(MIN_CHUNK, min(MAX_CHUNK, (count - start) // (processes * CHUNKS_PER_PROCESS)))
        spans.append((start, min(count, start + size)))
        start += size
    return spans


def worker_context(pack: RulePack) -> multiprocessing.context.BaseContext:
    """How the worker processes start.

    Fork where it is safe: on Linux, when no other thread runs in this process (so none
    can hold a lock that a child would inherit held) and the pack's engine lock, if it
    has one, is free. Otherwise a fork server that has imported kneelink, whose workers
    rebuild the pack from its content; spawn where there is no fork server.
    """
    methods = multiprocessing.get_all_start_methods()
    engine_lock = getattr(pack._engine, "_lock", None)
    if (
        sys.platform == "linux"
        and "fork" in methods
        and threading.active_count() == 1
        and not (engine_lock is not None and engine_lock.locked())
    ):
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kneelink"])  # workers fork from a server that imported it
        return context
    return multiprocessing.get_context("spawn")


# In a worker process: the pack it answers with, and the parts it has sent so far (by
# id; the parts are kept, so an id is never reused for another object).
_worker_pack: RulePack | None = None
_worker_sent: dict[int, tuple[int, object]] = {}


def _serve(connection: Connection, shipped: RulePack | bytes, reports: list[SymptomReport]) -> None:
    """A worker process: answer the reports of each span that comes down the pipe until
    ``None`` does."""
    global _worker_pack
    # A Ctrl-C reaches the whole process group; the calling process ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_pack = pickle.loads(shipped) if isinstance(shipped, bytes) else shipped
    _worker_sent.clear()  # a forked worker starts with nothing sent, whatever it inherited
    while (span := connection.recv()) is not None:
        try:
            reply: tuple[str, object] = ("answers", _worker_answers(reports[span[0] : span[1]]))
        except Exception as error:  # a bug, not a bad report: those are answers
            reply = ("failed", repr(error))
        connection.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _worker_answers(reports: Sequence[SymptomReport]) -> bytes:
    """This worker's answers to ``reports``, pickled with the parts it sent before named
    by number."""
    assert _worker_pack is not None, "suggest_many's worker was not started"
    answers = [_worker_pack._answer_or_error(report) for report in reports]
    buffer = io.BytesIO()
    _PartsPickler(buffer, _worker_sent).dump(answers)
    return buffer.getvalue()


class _PartsPickler(pickle.Pickler):
    """Pickles answers, each shared part whole the first time this worker sends it, and
    as its number after that. Inside one chunk, pickle's own memo already sends a part
    once; this carries that over from chunk to chunk. ``reducer_override`` is asked only
    about objects that are not built-in values, once per chunk for each."""

    def __init__(self, file: io.BytesIO, sent: dict[int, tuple[int, object]]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._sent = sent

    def reducer_override(self, obj: object) -> Any:  # a reduce tuple, or NotImplemented
        if type(obj) not in _SHARED_PARTS:
            return NotImplemented
        found = self._sent.get(id(obj))
        if found is not None:
            return (_part_sent_before, (found[0],))
        if len(self._sent) >= _MAX_SHARED:
            return NotImplemented
        number = len(self._sent)
        self._sent[id(obj)] = (number, obj)
        # The part's fields are pickled by this pickler, so parts inside it are shared too.
        fields_set = obj.__pydantic_fields_set__  # type: ignore[attr-defined]
        return (_new_part, (number, type(obj), obj.__dict__, fields_set))


# In the calling process: the parts that the worker whose answers are being read has sent.
_reading = threading.local()


def _read_answers(sent: bytes, parts: dict[int, object]) -> list[Suggestion | KneelinkError]:
    _reading.parts = parts
    try:
        answers: list[Suggestion | KneelinkError] = pickle.loads(sent)
    finally:
        del _reading.parts
    return answers


def _part_sent_before(number: int) -> object:
    parts: dict[int, object] = _reading.parts
    return parts[number]


def _new_part(number: int, model: type[_Frozen], fields: dict[str, Any], fields_set: set[str]) -> object:
    if model not in _SHARED_PARTS:
        raise pickle.UnpicklingError(f"not an answer part: {model!r}")
    # Valid when the worker built it: rebuilt without validation, as answers unpickle.
    part = _reading.parts[number] = unchecked(model, fields, fields_set)
    return part
