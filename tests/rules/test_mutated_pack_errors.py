"""Mutations of the shipped pack: every rule-file error they cause has its file and line.

``hardening.py`` makes each mutation of each line of each file in ``rules/`` (whatever it
holds: the test reads no rule of it by name): a line deleted or doubled, a value of
another type, a string left open, a file cut after a line that opens a multi-line string
or array, bytes that are not UTF-8, 3,000 nested brackets, an
unknown key, a long dotted header, header-like text in a multi-line string. The pack is
read with every mutant; each problem must be a RuleFileError with a line inside its file,
and a mutation whose own error is expected (an unknown key, an open string, a bad byte...)
must be reported on exactly the line it made. CI runs a fixed sample of every kind;
``python tests/support/hardening.py`` runs them all.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from hardening import Mutant, all_mutants, check_mutant, sample

from kneelink._pack import default_rules_folder

RULES = Path(str(default_rules_folder()))
MUTANTS = all_mutants(RULES)
SAMPLE = sample(MUTANTS, 240)
KINDS = {
    "delete",
    "duplicate",
    "duplicate-key",
    "retype",
    "unterminated",
    "cut-open",
    "invalid-bytes",
    "deep-nesting",
    "unknown-key",
    "dotted-header",
    "string-with-headers",
}


def test_every_kind_of_mutation_is_made_and_sampled() -> None:
    made = collections.Counter(mutant.kind for mutant in MUTANTS)
    assert set(made) == KINDS
    assert {mutant.kind for mutant in SAMPLE} == KINDS
    assert len(SAMPLE) >= 150


@pytest.mark.parametrize("mutant", SAMPLE, ids=lambda m: f"{m.file}:{m.line}:{m.kind}")
def test_a_mutant_is_loaded_or_refused_with_file_and_line(mutant: Mutant, tmp_path: Path) -> None:
    failure = check_mutant(RULES, tmp_path / "pack", mutant)
    assert failure is None, failure


def test_the_checker_catches_a_wrong_line(tmp_path: Path) -> None:
    # A mutant that claims a different line than the one it made must fail the check.
    unknown_key = next(mutant for mutant in MUTANTS if mutant.kind == "unknown-key")
    assert unknown_key.expect_line is not None
    wrong = Mutant(
        unknown_key.file, unknown_key.kind, unknown_key.line, unknown_key.data, "schema", unknown_key.expect_line + 1
    )
    failure = check_mutant(RULES, tmp_path / "pack", wrong)
    assert failure is not None
    assert f"expected line {wrong.expect_line}" in failure
