"""Worker processes for :meth:`RulePack.suggest_many <kneelink.RulePack.suggest_many>`.

The calling process hands the reports out in chunks: to the workers, which answer with
their own copy of the pack and send the answers back, and to itself, between reading what
comes back. Every process checks the reports it answers (a bad one is an error in its
place), so no process waits while another checks the whole batch. Four costs decide
whether two processes beat one, and all are kept small here:

- Starting the workers. Where it is safe, a worker is forked: it starts in milliseconds
  with the pack as it is, and imports nothing (see :func:`worker_context`).
- Sending the answers back. The calling process rebuilds every answer it receives, on a
  core the workers need. Answers share most of their parts: the same regions, reasons,
  withheld regions, red flags, citations and advice come back again and again (the
  pack's explainer builds each once and reuses it). Each worker pickles its answers
  with one pickler for the whole batch, and the calling process reads them with one
  unpickler per worker, so pickle's memo, which names an object already sent by its
  number, lasts from chunk to chunk (:class:`_AnswerWriter`, :class:`_AnswerReader`):
  a part crosses once, and an answer costs the caller a few microseconds, however
  small the chunks. Without an answer cache a worker sends only each answer's fields,
  and fields made of parts sent before as a number. The garbage collector is paused
  while answers are read, as it is while a pack loads (nothing read is garbage).
- Waiting. Chunks shrink towards the end of the batch (:func:`chunk_spans`), so no
  process waits long for another's last chunk, and the calling process answers chunks
  itself instead of waiting on a core the workers need.
- Looking at the pipes. Between two slices of its own chunk the calling process asks each
  worker's pipe whether an answer is waiting, one ``poll`` call on a poll object kept for
  the batch (~0.5 µs), where ``Connection.poll`` builds a selector each time (~5 µs).
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import multiprocessing.process
import pickle
import select
import signal
import sys
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from kneelink._answer import Suggestion, unchecked
from kneelink._errors import EngineError, KneelinkError
from kneelink._loader import collection_paused
from kneelink._pack import as_report

if TYPE_CHECKING:
    from kneelink._pack import RulePack

# Reports per chunk: at most MAX_CHUNK (~20 ms of work on the default pack), at least
# MIN_CHUNK, else what is left over CHUNKS_PER_PROCESS times the processes (chunk_spans).
MIN_CHUNK, MAX_CHUNK, CHUNKS_PER_PROCESS = 8, 200, 4
# Chunks sent ahead to each worker, so that it never waits while this process answers one.
_QUEUED_PER_WORKER = 2
# Reports this process answers between two looks at its workers' pipes (~0.5 ms).
_SLICE = 16
# A worker's pickler remembers (and keeps alive) everything it has sent; after this many
# answers it forgets, and sends the parts again as they come up. Each message's first
# byte says whether the pickler forgot before writing it.
_MEMO_ANSWERS = 4096
_REMEMBERS, _FORGOT = b"\x00", b"\x01"


def answers_in_processes(pack: RulePack, items: Sequence[object], processes: int) -> list[Suggestion | KneelinkError]:
    """The answers to ``items`` (reports, or symptom ids, as the caller gave them), in
    their order, worked out by ``processes`` processes: this one and ``processes - 1``
    workers. A bad item's answer is its :class:`~kneelink.KneelinkError`.

    This process answers chunks too, a slice at a time, and between slices reads what
    the workers sent and hands each its next chunk, so a worker never waits long on a
    full pipe or an empty one. It talks to its workers itself, through one pipe each: a
    process pool's helper threads would need this thread's GIL to do that, and get it
    only every few milliseconds while this thread answers.
    """
    spans = chunk_spans(len(items), processes)
    context = worker_context(pack)
    forked = context.get_start_method() == "fork"
    # A forked worker inherits the items as they are. Others get them pickled, which an
    # item need not survive (a generator of ids, say): the reports are made here first.
    reports = items if forked else [_shippable(item) for item in items]
    # A forked worker already has the pack. Others get it pickled (RulePack.__reduce__),
    # once for all of them: a 20,000-rule pack takes ~0.7 s to pickle.
    shipped = pack if forked else pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    workers: list[_Worker] = []
    try:
        for _ in range(processes - 1):
            # Without an answer cache, every answer a worker gives is a new object.
            workers.append(_Worker.start(context, shipped, reports, answers_repeat=pack._cache_size > 0))
        done: list[list[Suggestion | KneelinkError] | None] = [None] * len(spans)
        taken = 0  # spans handed out, to a worker or to this process

        def exchange() -> None:
            """Read every answer waiting in a pipe, and keep every worker's queue full."""
            nonlocal taken
            for worker in workers:
                while worker.in_flight and worker.has_news():
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
                answered += [_answer(pack, item) for item in reports[first : min(stop, first + _SLICE)]]
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

    def __init__(
        self, process: multiprocessing.process.BaseProcess, connection: Connection, reader: _AnswerReader
    ) -> None:
        self.process = process
        self.connection = connection
        self.in_flight: deque[int] = deque()  # the places of the chunks sent and not yet read
        self.reader = reader
        self._poll = None
        if hasattr(select, "poll"):  # not on Windows
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            self._poll = poller.poll

    @classmethod
    def start(
        cls,
        context: multiprocessing.context.BaseContext,
        shipped: RulePack | bytes,
        reports: Sequence[object],
        *,
        answers_repeat: bool,
    ) -> _Worker:
        # The worker gets every report as it starts (inherited when forked, else pickled
        # once), so a chunk is only its span: what goes down a pipe while the worker may be
        # writing its answers back is never big enough to fill it, so neither side can
        # block on the other.
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, shipped, reports), daemon=True)  # type: ignore[attr-defined]
        process.start()
        theirs.close()
        return cls(process, mine, _AnswerReader(answers_repeat=answers_repeat))

    def has_news(self) -> bool:
        """Whether a message, or the end of the pipe, is waiting to be read."""
        return bool(self._poll(0)) if self._poll is not None else self.connection.poll()

    def send(self, place: int, span: tuple[int, int]) -> None:
        try:
            self.connection.send(span)
        except OSError:  # a broken pipe: the worker is gone
            raise self._ended() from None
        self.in_flight.append(place)

    def receive(self) -> list[Suggestion | KneelinkError]:
        try:
            message = self.connection.recv_bytes()
        except (EOFError, OSError):
            raise self._ended() from None
        return self.reader.read(message)

    def stop(self) -> None:
        self.connection.send(None)
        self.process.join()

    def end(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()

    def _ended(self) -> EngineError:
        self.process.join(timeout=1)
        return EngineError(f"a worker process of suggest_many ended (exit code {self.process.exitcode})")


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


# In a worker process: the pack it answers with.
_worker_pack: RulePack | None = None


def _serve(connection: Connection, shipped: RulePack | bytes, reports: Sequence[object]) -> None:
    """A worker process: answer the reports of each span that comes down the pipe until
    ``None`` does."""
    global _worker_pack
    # A Ctrl-C reaches the whole process group; the calling process ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_pack = pickle.loads(shipped) if isinstance(shipped, bytes) else shipped
    writer = _AnswerWriter(answers_repeat=_worker_pack._cache_size > 0)
    while (span := connection.recv()) is not None:
        try:
            message = writer.answers(_worker_answers(reports[span[0] : span[1]]))
        except Exception as error:  # a bug, not a bad report: those are answers
            message = writer.failure(repr(error))
        connection.send_bytes(message)


def _worker_answers(reports: Sequence[object]) -> list[Suggestion | dict[str, object] | KneelinkError]:
    """The answers to send: from a pack with an answer cache, the answers (a repeated one is
    the same object, which the writer's memo names); without one, only their fields, as
    nothing here needs the answers made (:class:`_AnswerWriter`)."""
    assert _worker_pack is not None, "suggest_many's worker was not started"
    pack = _worker_pack
    if pack._cache_size:
        return [_answer(pack, item) for item in reports]
    return [item.error if type(item) is _Refused else pack._fields_of_item(item) for item in reports]


@dataclass(frozen=True, slots=True)
class _Refused:
    """An item found not to be a report before the batch was sent to workers that could
    not inherit it (:func:`_shippable`): its answer is ``error``."""

    error: KneelinkError


def _shippable(item: object) -> object:
    """``item`` as a report made from it, which pickles, or :class:`_Refused`."""
    try:
        return as_report(item)  # type: ignore[arg-type]  # a bad item is an error in its place
    except KneelinkError as error:
        return _Refused(error)


def _answer(pack: RulePack, item: object) -> Suggestion | KneelinkError:
    return item.error if type(item) is _Refused else pack._answer_item(item)


class _AnswerWriter:
    """A worker's end of the answers: one pickler for the whole batch, so that pickle's
    memo names an object sent in an earlier chunk by its number. That is sound because
    nothing sent changes afterwards (answers and their parts are frozen; an error is new
    for each report) and the memo keeps what it names alive, so no id is reused.

    A :class:`~kneelink.Suggestion` goes as its fields (its parts pickle themselves), and
    :class:`_AnswerReader` makes the answer from them: a call into Python fewer on each
    end, for each answer, than pickling the model.

    Without an answer cache (``answers_repeat=False``) every answer is new, so the worker
    sends only its fields (:meth:`Explainer.answer_fields
    <kneelink._explain.Explainer.answer_fields>`, always in the model's order), and most
    are made of the very parts an earlier answer had: the same regions, advice, red flags
    and rules fired (the pack's explainer builds each part once). Such fields go as the
    number of the first answer sent with those parts (a small int, where the fields are
    some thirty pickle operations), and the reader makes the answer from a copy of that
    answer's fields. With a cache, a repeated answer is the same object, which the memo
    already names.

    Every :data:`_MEMO_ANSWERS` answers the memo is cleared, so a long batch does not
    keep every answer alive in the worker; each message starts with one byte saying
    whether it was, for the reader to do the same.
    """

    def __init__(self, *, answers_repeat: bool = True) -> None:
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._answers_remembered = 0
        self._forgot = False  # since the last message, which the next one must say
        # The number of each answer sent as fields, by the ids of its parts in the model's
        # order: sound while the memo, which holds those fields, keeps the parts alive.
        self._numbers: dict[tuple[int, ...], int] | None = None if answers_repeat else {}

    def answers(self, answers: Sequence[Suggestion | dict[str, object] | KneelinkError]) -> bytes:
        """A message of ``answers``, in their order: answers, or (``answers_repeat=False``
        only) the fields of answers, from :meth:`Explainer.answer_fields
        <kneelink._explain.Explainer.answer_fields>`."""
        if self._answers_remembered >= _MEMO_ANSWERS:
            self._forget()
        numbers = self._numbers
        if numbers is None:
            sent: list[object] = [
                # A model with fields left unset (none of kneelink's) is pickled whole, so they stay unset.
                answer.__dict__
                if type(answer) is Suggestion and len(answer.__pydantic_fields_set__) == len(answer.__dict__)
                else answer
                for answer in answers
            ]
        else:
            sent = []
            for answer in answers:
                if type(answer) is dict:
                    parts = tuple(map(id, answer.values()))
                    number = numbers.get(parts)
                    if number is not None:
                        sent.append(number)
                        continue
                    numbers[parts] = len(numbers)
                sent.append(answer)  # new fields, an error, or an answer made elsewhere: whole
        return self._message(("answers", sent), len(answers))

    def failure(self, error: str) -> bytes:
        """A message saying the worker failed, with ``error``."""
        return self._message(("failed", error), 0)

    def _forget(self) -> None:
        self._pickler.clear_memo()
        if self._numbers is not None:
            self._numbers.clear()
        self._answers_remembered = 0
        self._forgot = True

    def _message(self, reply: tuple[str, object], answers: int) -> bytes:
        if self._answers_remembered >= _MEMO_ANSWERS:
            self._forget()
        self._buffer.seek(0)
        self._buffer.truncate()
        self._buffer.write(_FORGOT if self._forgot else _REMEMBERS)
        self._forgot = False
        self._pickler.dump(reply)
        self._answers_remembered += answers
        return self._buffer.getvalue()


class _AnswerReader:
    """The calling process's end of one worker's answers: one unpickler for the whole
    batch, whose memo follows the worker's pickler's (:class:`_AnswerWriter`). Messages
    must be read in the order they were written.

    An answer sent twice (the same object, from the pack's answer cache) is made once and
    is the same object here too, as in the worker. Keeping track of that costs ~10% of
    reading an answer, so it is done only where answers can repeat (``answers_repeat``:
    the pack has an answer cache); without one, every answer is a new object, and one
    sent as the number of an earlier answer's fields is made from a copy of them.
    """

    def __init__(self, *, answers_repeat: bool = True) -> None:
        self._stream = io.BytesIO()
        self._answers_repeat = answers_repeat
        self._forget()

    def read(self, message: bytes) -> list[Suggestion | KneelinkError]:
        """The answers in ``message``; raises :class:`~kneelink.EngineError` for a
        worker's failure."""
        if message[:1] == _FORGOT:
            self._forget()
        self._stream.seek(0)
        self._stream.truncate()
        self._stream.write(memoryview(message)[1:])
        self._stream.seek(0)
        kind, payload = self._unpickler.load()
        if kind == "failed":
            raise EngineError(f"a worker process of suggest_many failed: {payload}")
        if not self._answers_repeat:
            numbered, answers = self._numbered, []
            for item in payload:
                if type(item) is dict:
                    numbered.append(item)
                    item = unchecked(Suggestion, item)
                elif type(item) is int:
                    item = unchecked(Suggestion, numbered[item].copy())
                answers.append(item)
            return answers
        made, answers = self._made, []
        for item in payload:
            if type(item) is dict:  # the same fields twice are one answer sent twice
                answer = made.get(id(item))
                if answer is None:
                    answer = made[id(item)] = unchecked(Suggestion, item)
                item = answer
            answers.append(item)
        return answers

    def _forget(self) -> None:
        # A new unpickler, not ``memo = {}``: CPython's keeps counting from where the old
        # memo ended, and the worker's pickler counts from 0 again.
        self._unpickler = pickle.Unpickler(self._stream)
        self._made: dict[int, Suggestion] = {}  # by the id of their fields, which the memo keeps alive
        self._numbered: list[dict[str, object]] = []  # the fields of each answer the writer numbered
