"""kneelink beyond one machine: a batch of reports answered on a Dask cluster.

``RulePack.suggest_many`` uses the cores of one machine. For more, hand the batch to a
distributed engine; this is the recipe on Dask (``pip install "dask[distributed]"``; it
is not a dependency of kneelink). The pack goes to each worker once, inside a
``WorkerPlugin`` (a pack pickles as its validated content and is rebuilt there); the
reports go in chunks, and each worker answers its chunk with ``suggest_many`` in one
process, so bad reports are errors in their places and the answers come back in order.

Run from the repository root, for a local cluster of two worker processes::

    .venv/bin/python examples/dask_batch.py

On a real cluster, connect the ``Client`` to its scheduler instead, and install kneelink
(and this module, or your copy of it) on the workers: they import the functions below by
name. kneelink's observers (rule coverage) run where the answers are made, in the workers.
"""

from __future__ import annotations

from collections.abc import Sequence

from distributed import Client, LocalCluster, Worker, WorkerPlugin, get_worker

import kneelink

PLUGIN = "kneelink-pack"
CHUNK = 500  # reports per task: each task costs the scheduler a few milliseconds


class PackOnWorker(WorkerPlugin):
    """Holds a rule pack on each worker: pickled with the plugin, once per worker."""

    def __init__(self, pack: kneelink.RulePack) -> None:
        self.pack = pack
        self.setups = 0  # how often this worker set the plugin up (once)
        self.chunks = 0  # chunks this worker answered

    def setup(self, worker: Worker) -> None:
        self.setups += 1


def answer_chunk(reports: Sequence[kneelink.Symptoms]) -> list[kneelink.Suggestion | kneelink.KneelinkError]:
    """In a worker: the answers to ``reports``, with the pack its plugin holds."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, PackOnWorker), "register PackOnWorker with the client first"
    plugin.chunks += 1
    return plugin.pack.suggest_many(reports, processes=1)


def suggest_on_dask(
    client: Client, pack: kneelink.RulePack, reports: Sequence[kneelink.Symptoms], chunk: int = CHUNK
) -> list[kneelink.Suggestion | kneelink.KneelinkError]:
    """What ``pack.suggest_many(reports)`` answers, worked out by the client's workers."""
    client.register_plugin(PackOnWorker(pack), name=PLUGIN)
    chunks = [list(reports[start : start + chunk]) for start in range(0, len(reports), chunk)]
    futures = client.map(answer_chunk, chunks, pure=False)
    gathered = client.gather(futures)  # type: ignore[no-untyped-call]  # distributed's own annotations
    return [answer for answers in gathered for answer in answers]


def main() -> None:
    pack = kneelink.default_pack()
    reports: list[kneelink.Symptoms] = [["lateral_knee_pain", "running_downhill"], ["knee_pain"], ["knee_pian"]] * 1000
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        answers = suggest_on_dask(client, pack, reports)
    errors = [answer for answer in answers if isinstance(answer, kneelink.KneelinkError)]
    print(f"{len(answers)} answers, {len(errors)} of them errors in place, such as: {errors[0]}")


if __name__ == "__main__":
    main()
