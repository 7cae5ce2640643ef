"""Worker processes for :meth:`RulePack.suggest_many <kneelink.RulePack.suggest_many>`,
on :class:`concurrent.futures.ProcessPoolExecutor`.

Each worker gets the pack once, as it starts (the pool's initializer); the reports go out
in chunks, and what the worker's engine fired for each comes back (:class:`Remembering`),
a few dozen bytes, not the answer, a tree of models costly to read back. This process
explains those firings into answers with its own explainer: the engine's work and the
explanation's run side by side, in a worker and here. No worker outlives the process that
started the batch, however that process ends, by two means, either enough alone:

- on Linux, each worker asks the kernel to SIGKILL it when its parent ends
  (``PR_SET_PDEATHSIG``, through ``prctl``): a forked worker's parent is the caller; a
  fork server's worker's parent is the server, so this covers the server's end;
- in every worker a thread watches the caller itself, and ends the worker when the
  caller has ended: with a pidfd on Linux (it wakes at once), elsewhere by looking four
  times a second (:func:`watch_caller`). This is what ends a fork server's workers, and
  what remains where ``prctl`` is missing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from kneelink._answer import Suggestion
from kneelink._errors import EngineError, KneelinkError
from kneelink.engines._interface import Firing, RuleEngine

if TYPE_CHECKING:
    import concurrent.futures
    import multiprocessing.context

# How often a worker's thread looks for its caller where it cannot wait on a pidfd.
PARENT_CHECK_SECONDS = 0.25
# Reports per chunk: small enough that a stopped worker holds little of the batch and an
# interrupt waits for little, big enough that a chunk's overhead is a small part of it.
MIN_CHUNK, MAX_CHUNK, CHUNKS_PER_PROCESS = 8, 512, 8
# Chunks handed to each worker ahead, so that it never waits while this process answers one.
QUEUED_PER_WORKER = 2
# Seconds this process waits for a worker's chunk, and so for a Ctrl-C, before it goes on.
_WAIT = 0.1
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


# What an engine fired, by what it was asked: the symptoms, the age and the absent symptoms.
Fired = dict[tuple[frozenset[str], int | None, frozenset[str]], tuple[Firing, ...]]


class Remembering:
    """``engine``, answering first from ``fired`` and keeping there what it works out.

    A worker answers a report with an empty ``fired`` and sends back what it kept; this
    process answers the report again with what came back, and so fires no rule."""

    def __init__(self, engine: RuleEngine, fired: Fired) -> None:
        self._engine, self.kind, self.fired = engine, engine.kind, fired

    def evaluate(
        self, symptoms: frozenset[str], age: int | None, absent: frozenset[str] = frozenset()
    ) -> tuple[Firing, ...]:
        key = (symptoms, age, absent)
        found = self.fired.get(key)
        if found is None:
            found = self.fired[key] = tuple(self._engine.evaluate(symptoms, age, absent))
        return found


class Answering(Protocol):
    """What a worker answers with: a :class:`~kneelink.RulePack`."""

    def _answer_item(self, item: object, fired: Fired | None = None, /) -> Suggestion | KneelinkError: ...

    def _fire_item(self, item: object, /) -> Fired | KneelinkError: ...


def answers_in_pool(
    pack: Answering,
    items: Sequence[object],
    workers: int,
    *,
    timeout: float | None,
    fork: bool,
) -> list[Suggestion | KneelinkError]:
    """The answers to ``items`` (each picklable; an item that is already a
    :class:`~kneelink.KneelinkError` is its own answer), in their order, from
    this process and ``workers`` worker processes. ``fork``: whether the workers may be
    forked from this process (no other thread runs, no lock is held); else they come from
    a fork server.

    This process explains what the workers fired as it comes back, and answers a chunk
    itself only when none comes back for :data:`_WAIT` seconds: so it never keeps a worker
    waiting, and its core is not left idle while the workers are slower. No chunk answered
    by a worker for ``timeout`` seconds is an :class:`~kneelink.EngineError`; so is a
    worker that ends or fails. On that, or an interrupt, every worker is killed.
    """
    import concurrent.futures.process  # only for batches: a plain import of kneelink needs no pool

    context = _context(fork)
    forked = context.get_start_method() == "fork"
    # A forked worker inherits the pack; others get it pickled once here, once per worker there.
    shipped = pack if forked else pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(items) // ((workers + 1) * CHUNKS_PER_PROCESS)))
    spans = [(start, min(len(items), start + size)) for start in range(0, len(items), size)]
    done: list[list[Suggestion | KneelinkError] | None] = [None] * len(spans)
    executor = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(shipped, os.getpid())
    )
    ended = False
    try:
        sent: dict[concurrent.futures.Future[list[Fired | KneelinkError]], int] = {}
        taken = 0  # spans handed out, to a worker or to this process
        last_answer = time.monotonic()

        def exchange(wait: float) -> bool:
            """Take in what the workers fired (waiting up to ``wait`` seconds for one
            chunk), keep each worker's queue full, and explain what came in; whether any
            came. A Ctrl-C is held back, except while explaining: arriving inside the
            pool's bookkeeping (a future's lock taken and not given back, say), it could
            leave the pool's thread, and this process's exit, stuck."""
            nonlocal taken, last_answer
            fired: list[tuple[int, list[Fired | KneelinkError]]] = []
            with _interrupts_held():
                finished, _ = concurrent.futures.wait(
                    sent, timeout=wait, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in finished:
                    _raise_failure(future)
                    fired.append((sent.pop(future), future.result()))
                    last_answer = time.monotonic()
                if sent and timeout is not None and time.monotonic() - last_answer > timeout:
                    raise EngineError(
                        f"no worker process of suggest_many answered for {timeout} s (timeout={timeout!r}); "
                        "the workers were killed"
                    )
                while taken < len(spans) and len(sent) < QUEUED_PER_WORKER * workers:
                    sent[executor.submit(_fire_chunk, items[slice(*spans[taken])])] = taken
                    taken += 1
            for place, firings in fired:
                done[place] = [
                    each if isinstance(each, KneelinkError) else pack._answer_item(item, each)
                    for item, each in zip(items[slice(*spans[place])], firings, strict=True)
                ]
            return bool(fired)

        with _interrupts_held():  # a worker started and not yet known to the pool would be left
            exchange(0)
            _let_go_of_the_workers_pipe(executor, workers)
        while taken < len(spans):
            # Explaining what came back comes first, so that no worker waits on this process;
            # it answers a chunk itself only when none comes back for a moment.
            if exchange(_WAIT):
                continue
            place = taken
            taken += 1
            done[place] = _answer_chunk(items[slice(*spans[place])], pack)  # a Ctrl-C may come here
        while sent:
            exchange(_WAIT)  # and between these short waits
        executor.shutdown(wait=True)
        ended = True
        return [answer for answers in done if answers is not None for answer in answers]
    except concurrent.futures.process.BrokenProcessPool as error:  # from a future, or from submit
        raise EngineError(f"a worker process of suggest_many ended before it answered: {error}") from error
    finally:
        if not ended:  # an interrupt, a timeout or a failure: no worker outlives the batch
            with _interrupts_held():
                _kill(executor)


def _raise_failure(future: concurrent.futures.Future[list[Fired | KneelinkError]]) -> None:
    import concurrent.futures.process

    error = future.exception()
    if isinstance(error, concurrent.futures.process.BrokenProcessPool):
        raise error
    if error is not None:  # a bug, not a bad report: those are answers
        raise EngineError(f"a worker process of suggest_many failed: {error!r}") from error


def _context(fork: bool) -> multiprocessing.context.BaseContext:
    """Fork where that is safe and possible; else a fork server that has imported
    kneelink (its workers rebuild the pack from its content); spawn where neither is."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if fork and sys.platform == "linux" and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kneelink"])
        return context
    return multiprocessing.get_context("spawn")


def _kill(executor: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill every worker (SIGKILL ends a stopped one too) and let the pool go, without
    waiting on a worker or a pipe that may never answer."""
    # The pool keeps its processes in a private dict; Python 3.14 has kill_workers().
    kill = getattr(executor, "kill_workers", None)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    # shutdown() forgets the pool's thread and its answers' pipe: both are taken first.
    manager = getattr(executor, "_executor_manager_thread", None)
    answers_pipe = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if kill is not None:
        kill()
    else:
        for process in processes:
            if process.is_alive():
                process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 5
    for process in processes:
        # The pool's thread may reap a worker first; its exit code is then set a moment later.
        while process.exitcode is None and time.monotonic() < deadline:
            process.join(timeout=0.05)
    # A worker killed while it wrote an answer leaves half a message in the answers' pipe;
    # the pool's thread, reading it, would wait for the rest for ever (and this process's
    # exit with it), since this process holds a write end too. With every worker dead,
    # closing that end turns the wait into an end of file the pool's thread handles.
    if answers_pipe is not None:
        answers_pipe.close()
    # The pool's own thread finds its workers gone and closes what it holds; left running
    # at exit, it races Python's exit hook for the pool, which then prints an ignored error.
    if manager is not None:
        manager.join(timeout=max(0.0, deadline - time.monotonic()))


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while this process works inside the pool (the workers ignore it
    themselves): it is raised as the block ends. Only the main thread gets Ctrl-C, and
    only where Python's own handler is set does it become a KeyboardInterrupt; elsewhere
    nothing is changed. Blocks inside another hold nothing more."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.default_int_handler:
        yield
        return
    held: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            raise KeyboardInterrupt


def _let_go_of_the_workers_pipe(executor: concurrent.futures.ProcessPoolExecutor, workers: int) -> None:
    """Close this process's copy of the read end of the pipe the chunks go down, once
    every worker has its own: the pool never reads it here, and were the workers killed
    while the pool's feeder thread writes a chunk bigger than the pipe holds, that write
    would fail instead of blocking for ever (and the pool's shutdown, and this process's
    exit, with it). Nothing else closes it before the pool shuts down. The pool keeps the
    pipe and its processes private; where they are not found, nothing is done."""
    call_queue = getattr(executor, "_call_queue", None)
    started = getattr(executor, "_processes", None) or {}
    if call_queue is not None and len(started) == workers:
        call_queue._reader.close()


# In a worker process: the pack it answers with.
_worker_pack: Answering | None = None


def _start_worker(shipped: Answering | bytes, caller: int) -> None:
    """A worker's start: the end of the worker with the ``caller``'s (the process that
    started the batch, and the worker's parent when forked), then the pack."""
    global _worker_pack
    # A Ctrl-C reaches the whole process group; the calling process kills its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    ask_to_die_with_parent()
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(1)
    watch_caller(caller)
    _worker_pack = pickle.loads(shipped) if isinstance(shipped, bytes) else shipped


def ask_to_die_with_parent() -> bool:
    """On Linux, have the kernel SIGKILL this process when its parent ends; whether it did."""
    if sys.platform != "linux":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def watch_caller(caller: int) -> None:
    """End this process, from a daemon thread, as soon as the process ``caller`` has ended.

    A fork server's worker must watch the caller, not its parent: it holds the pipe whose
    end tells the fork server that the caller is gone, so the server outlives the caller
    as long as the worker does. Where Linux gives a pidfd, the thread sleeps until the
    caller ends; elsewhere it looks :data:`PARENT_CHECK_SECONDS` apart whether the caller
    still exists and whether this process's parent changed (an orphan's parent is init,
    or a subreaper).
    """
    try:
        handle: int | None = os.pidfd_open(caller)  # readable once the process has ended, reaped or not
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux, or a kernel before 5.3
        handle = None
    parent = os.getppid()

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
            os._exit(1)
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent or not _exists(caller):
                os._exit(1)

    threading.Thread(target=watch, name="kneelink-caller-watch", daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or someone else's: the pid was reused
        return False
    return True


def _answer_chunk(items: Sequence[object], pack: Answering) -> list[Suggestion | KneelinkError]:
    """The answers to a chunk, in this process."""
    return [item if isinstance(item, KneelinkError) else pack._answer_item(item) for item in items]


def _fire_chunk(items: Sequence[object]) -> list[Fired | KneelinkError]:
    """What the worker's engine fires for each report of a chunk."""
    assert _worker_pack is not None, "suggest_many's worker was not started"
    return [item if isinstance(item, KneelinkError) else _worker_pack._fire_item(item) for item in items]
