"""The Dask recipe (examples/dask_batch.py, documented in docs/batches.md) on a real
``distributed.LocalCluster`` of two worker processes, on loopback: its answers are the
plain loop's, in order, errors in place, and the pack went to each worker once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from paths import EXAMPLES

import kneelink


@pytest.fixture(scope="module")
def recipe() -> Iterator[ModuleType]:
    # The workers import the recipe's functions by name, as they would on a real cluster
    # with the module installed; spawned workers take this process's sys.path.
    sys.path.insert(0, str(EXAMPLES))
    try:
        import dask_batch

        yield dask_batch
    finally:
        sys.path.remove(str(EXAMPLES))


@pytest.mark.parametrize("engine", ["durable", "native"])
def test_the_dask_recipe_gives_the_answers_of_a_plain_loop(
    engine: kneelink.EngineChoice, recipe: ModuleType, rules_dir: Path
) -> None:
    from distributed import Client, LocalCluster

    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    symptoms = sorted(pack.symptoms)
    reports: list[object] = [[symptoms[i % len(symptoms)], symptoms[(i * 7) % len(symptoms)]] for i in range(1_200)]
    reports[5] = ["lateral_knee_pian"]
    reports[17] = kneelink.SymptomReport(symptoms=["knee_pain"], age=70, side="left")
    reports[30] = 42
    expected = pack.suggest_many(reports, processes=1)  # type: ignore[arg-type]  # 42 is on purpose
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        answers = recipe.suggest_on_dask(client, pack, reports, chunk=100)
        on_workers = client.run(lambda dask_worker: vars(dask_worker.plugins[recipe.PLUGIN]) | {"pack": None})
    assert len(answers) == len(expected)
    for answer, wanted in zip(answers, expected, strict=True):
        if isinstance(wanted, kneelink.KneelinkError):
            assert type(answer) is type(wanted)
            assert str(answer) == str(wanted)
        else:
            assert answer == wanted
            assert isinstance(answer, kneelink.Suggestion)
            assert answer.pack.engine == engine
    assert isinstance(answers[5], kneelink.UnknownSymptomError)
    assert isinstance(answers[30], kneelink.ReportError)
    # Two worker processes, each set up once with the pack, answering the 12 chunks between them.
    assert len(on_workers) == 2
    assert [found["setups"] for found in on_workers.values()] == [1, 1]
    assert sum(found["chunks"] for found in on_workers.values()) == 12
