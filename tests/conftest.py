"""Shared fixtures, and the Hypothesis profile every test runs under."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from installed import DURABLE_INSTALLED
from oracle import Oracle

import kneelink
from kneelink._pack import default_rules_folder

# No deadline: wall-clock limits fail at random on a busy shared machine, and nothing in
# kneelink's contract is about speed. print_blob lets a failure be replayed exactly.
settings.register_profile("kneelink", deadline=None, max_examples=150, print_blob=True)
settings.load_profile("kneelink")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if DURABLE_INSTALLED:
        return
    skip = pytest.mark.skip(reason="durable-rules is not installed (Python 3.13 without the durable extra)")
    for item in items:
        callspec = getattr(item, "callspec", None)
        parametrized = callspec is not None and "durable" in callspec.params.values()
        if item.get_closest_marker("durable") is not None or parametrized:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return Path(str(default_rules_folder()))


@pytest.fixture(scope="session")
def pack() -> kneelink.RulePack:
    return kneelink.default_pack()


@pytest.fixture(scope="session")
def oracle(rules_dir: Path) -> Oracle:
    return Oracle(rules_dir)
