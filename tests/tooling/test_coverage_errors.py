"""Rule coverage says what went wrong instead of a traceback, from
``kneelink coverage`` and from the pytest plugin; and the grammar of its summary."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, write_pack

import kneelink
from kneelink._cli import main
from kneelink._coverage import RuleCoverage

pytest_plugins = ["pytester"]

SMALL_PACK = header("small", "0.3") + SYMPTOM_KNEE_PAIN + REGION_CALF + RULE_ROLL_THE_CALF

CALLS_THE_DEFAULT_PACK = """
import kneelink

def test_default_pack():
    assert kneelink.suggest_regions(["lateral_knee_pain"]).regions
"""

# Installed as sitecustomize: `import hypothesis` fails as it does without the testing extra.
BLOCK_HYPOTHESIS = """
import sys
from importlib.abc import MetaPathFinder


class _NoHypothesis(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoHypothesis())
"""


def _run_without_hypothesis(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_HYPOTHESIS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from kneelink._cli import main; sys.exit(main())", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )


def test_coverage_without_the_testing_extra_says_how_to_install_it(tmp_path: Path) -> None:
    done = _run_without_hypothesis(tmp_path, "coverage", "--reports", "5")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("kneelink: error: ")
    assert "pip install 'kneelink[testing]'" in done.stderr
    assert done.stderr.count("\n") == 1
    # Only coverage needs Hypothesis: the rest of the command line works without it.
    (tmp_path / "again").mkdir()
    assert _run_without_hypothesis(tmp_path / "again", "suggest", "knee_pain").returncode == 0


@pytest.mark.parametrize("reports", ["0", "-3", "many"])
def test_coverage_reports_must_be_a_positive_number(reports: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["coverage", "--reports", reports], out=io.StringIO())
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--reports" in err
    assert "positive whole number" in err
    assert "Traceback" not in err


def test_coverage_leaves_no_hypothesis_folder_in_the_working_directory(tmp_path: Path) -> None:
    # Hypothesis caches the constants of local source files under ./.hypothesis once it
    # draws enough examples; a command run in someone's folder must not leave that behind.
    env = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_STORAGE_DIRECTORY"}
    command = "import sys; from kneelink._cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", command, "coverage", "--reports", "60"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("60 generated reports fired ")
    assert list(tmp_path.iterdir()) == []


def test_the_summary_says_one_call(tmp_path: Path) -> None:
    with RuleCoverage() as seen:
        kneelink.suggest_regions(["lateral_knee_pain"])
    assert seen.table().splitlines()[-1].endswith(" over 1 call")


def test_a_pack_no_call_used_gets_a_hint_why(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "small", pack=SMALL_PACK)
    with RuleCoverage(kneelink.load_pack(folder)) as seen:
        kneelink.suggest_regions(["lateral_knee_pain"])
        kneelink.suggest_regions(["knee_pain"])
    table = seen.table()
    assert "0/1 rules (0.0%) over 0 calls" in table
    hint = table.splitlines()[-1]
    assert hint.startswith("hint: ")
    assert "2 calls used another pack: kneelink-default" in hint
    assert "small 0.3" in hint


def test_no_call_at_all_gets_a_hint_too() -> None:
    with RuleCoverage() as seen:
        pass
    assert seen.table().splitlines()[-1].startswith("hint: no suggest_regions() call was made")


# --- The pytest plugin ------------------------------------------------------------------------


def test_a_bad_coverage_pack_is_a_usage_error_not_an_internal_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=CALLS_THE_DEFAULT_PACK)
    missing = pytester.path / "no_such_pack"
    result = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={missing}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output
    assert "Traceback" not in output
    assert "--kneelink-coverage-pack" in result.stderr.str()
    assert str(missing) in result.stderr.str()


def test_a_broken_coverage_pack_names_its_file_and_line(pytester: pytest.Pytester) -> None:
    folder = write_pack(pytester.path / "broken", pack=SMALL_PACK.replace('role = "primary"', 'role = "main"'))
    pytester.makepyfile(test_inner=CALLS_THE_DEFAULT_PACK)
    result = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={folder}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"{folder / 'pack.toml'}:" in result.stderr.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_the_coverage_pack_option_alone_turns_coverage_on(pytester: pytest.Pytester) -> None:
    folder = write_pack(pytester.path / "small", pack=SMALL_PACK)
    pytester.makepyfile(
        test_inner=f"""
import kneelink

def test_small():
    assert kneelink.load_pack({str(folder)!r}).suggest_regions(["knee_pain"]).region_ids == ("calf",)
"""
    )
    result = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={folder}")
    result.assert_outcomes(passed=1)
    assert "rule coverage of small 0.3: 1/1 rules (100.0%) over 1 call" in result.outlines


def test_measuring_a_pack_the_tests_never_call_prints_a_hint(pytester: pytest.Pytester) -> None:
    folder = write_pack(pytester.path / "small", pack=SMALL_PACK)
    pytester.makepyfile(test_inner=CALLS_THE_DEFAULT_PACK)
    result = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={folder}")
    result.assert_outcomes(passed=1)
    assert "rule coverage of small 0.3: 0/1 rules (0.0%) over 0 calls" in result.outlines
    assert any(line.startswith("hint: ") and "kneelink-default" in line for line in result.outlines)
