"""`.ci/run`: the README's test command on every supported Python, and a failure anywhere fails CI.

The script runs here against fake interpreters (shell scripts on PATH whose venvs hold a
fake pip and pytest that log their calls and exit as told), so each test takes a moment;
the real run is `bash .ci/run`.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from paths import ROOT

CI_SCRIPT = ROOT / ".ci" / "run"

FAKE_PYTHON = """\
#!/bin/sh
# A fake Python {minor}: reports its version, and makes venvs whose pip, pytest and
# checkers (ruff, mypy, lint-imports, mkdocs) log their calls and exit with the status
# in $FAKES/<tool>-status-<venv>, if that file exists.
if [ "$1" = "-c" ]; then echo "{minor}"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    for tool in pip pytest ruff mypy lint-imports mkdocs; do
        cat > "$3/bin/$tool" <<SCRIPT
#!/bin/sh
echo "$3 $tool CPPFLAGS=\\$CPPFLAGS \\$*" >> "$FAKES/log"
if [ -f "$FAKES/$tool-status-$3" ]; then exit \\$(cat "$FAKES/$tool-status-$3"); fi
SCRIPT
        chmod +x "$3/bin/$tool"
    done
    exit 0
fi
exit 99
"""


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Run the tests:\n\n```sh\n(?P<command>.+)\n```", readme)
    assert match is not None, "README has no 'Run the tests:' command"
    return match["command"]


def run_ci(
    tmp_path: Path, statuses: dict[str, int] | None = None, pythons: tuple[str, ...] = ("3.11", "3.12", "3.13")
) -> tuple[int, str]:
    """Run a copy of .ci/run in ``tmp_path`` with fake ``pythons``; ``statuses`` maps
    ``<tool>_<venv>`` (``pytest_venv313``: the pytest of ``.venv313``) to an exit status."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(CI_SCRIPT, tmp_path / ".ci" / "run")
    fakes, bin_dir = tmp_path / "fakes", tmp_path / "bin"
    fakes.mkdir()
    bin_dir.mkdir()
    (fakes / "log").touch()
    for minor in pythons:
        name = "python3" if minor == "3.11" else f"python{minor}"
        (bin_dir / name).write_text(FAKE_PYTHON.format(minor=minor), encoding="utf-8")
        (bin_dir / name).chmod(0o755 | stat.S_IXUSR)
    for key, status in (statuses or {}).items():
        tool, venv = key.split("_", 1)
        (fakes / f"{tool}-status-.{venv}").write_text(str(status), encoding="utf-8")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "FAKES": str(fakes), "HOME": str(tmp_path)}
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    return done.returncode, done.stdout + done.stderr + (fakes / "log").read_text(encoding="utf-8")


def test_the_3_11_leg_runs_the_readme_test_command_verbatim(tmp_path: Path) -> None:
    command = readme_test_command()
    assert command == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    status, output = run_ci(tmp_path)
    assert status == 0, output
    assert f"$ {command}\n" in output


def test_every_python_runs_the_suite_and_313_builds_durable_by_the_recipe(tmp_path: Path) -> None:
    status, output = run_ci(tmp_path)
    assert status == 0, output
    for venv in (".venv", ".venv312", ".venv313"):
        assert f"{venv} pip CPPFLAGS= install -e .[test]\n" in output
        assert f"{venv} pytest CPPFLAGS= \n" in output
    recipe = "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject install --no-cache-dir durable-rules==2.0.28"
    durable = f".venv313 pip {recipe}"
    assert durable in output
    assert output.index(durable) < output.index(".venv313 pip CPPFLAGS= install -e .[test]")
    pip_calls = [line for line in output.splitlines() if re.match(r"^\.venv\d* pip ", line)]
    assert [call for call in pip_calls if "durable" in call] == [durable]  # 3.11 and 3.12 get it from PyPI


@pytest.mark.parametrize(
    ("failure", "skipped"),
    [
        ({"pytest_venv": 1}, None),  # a failing test on 3.11
        ({"pytest_venv313": 5}, None),  # pytest collected nothing on 3.13
        ({"pip_venv312": 1}, ".venv312 pytest"),  # the install failed: no tests run
    ],
)
def test_a_failure_in_any_leg_fails_ci_and_the_other_legs_still_run(
    tmp_path: Path, failure: dict[str, int], skipped: str | None
) -> None:
    status, output = run_ci(tmp_path, failure)
    assert status != 0, output
    assert "CI FAILED" in output
    for venv in (".venv", ".venv312", ".venv313"):
        if skipped != f"{venv} pytest":
            assert f"{venv} pytest" in output
    if skipped is not None:
        assert skipped not in output


def test_a_missing_python_fails_ci(tmp_path: Path) -> None:
    status, output = run_ci(tmp_path, pythons=("3.11", "3.12"))
    assert status != 0, output
    assert "Python 3.13 not found" in output
    assert ".venv pytest" in output


def test_the_readme_documents_the_durable_recipe_ci_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    script = CI_SCRIPT.read_text(encoding="utf-8")
    for part in ("CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject", "--no-cache-dir", "durable-rules==2.0.28"):
        assert part in script
        assert part in readme


def test_the_ci_script_is_valid_bash() -> None:
    assert os.access(CI_SCRIPT, os.X_OK)
    done = subprocess.run(["bash", "-n", str(CI_SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# What each step after the legs runs, in the 3.11 leg's venv, as the fake tools log it.
STEPS = {
    "ruff check": ".venv ruff CPPFLAGS= check --no-cache .",
    "ruff format --check": ".venv ruff CPPFLAGS= format --check --no-cache .",
    "mypy --strict (pyproject.toml)": ".venv mypy CPPFLAGS= \n",
    "import-linter": ".venv lint-imports CPPFLAGS= --no-cache",
    "docs: mkdocs build --strict": ".venv mkdocs CPPFLAGS= build --strict\n",  # not --quiet: it hides warnings
}


def test_after_the_legs_ci_runs_ruff_mypy_import_linter_and_the_strict_docs_build(tmp_path: Path) -> None:
    status, output = run_ci(tmp_path)
    assert status == 0, output
    last_leg = output.index(".venv313-native pytest")
    for name, call in STEPS.items():
        assert call in output, f"{name}: {call!r} not run"
        assert output.index(call) > last_leg
        assert re.search(rf"^{re.escape(name)} +passed in \d+s$", output, re.M), name
    assert output.index(".venv pip CPPFLAGS= install -e .[docs]") < output.index(STEPS["docs: mkdocs build --strict"])


@pytest.mark.parametrize("tool", ["ruff", "mypy", "lint-imports", "mkdocs"])
def test_a_failing_check_fails_ci_and_every_other_check_still_runs(tmp_path: Path, tool: str) -> None:
    status, output = run_ci(tmp_path, {f"{tool}_venv": 1})
    assert status != 0, output
    assert re.search(r"^CI FAILED: .+", output, re.M)
    for call in STEPS.values():
        assert call in output
    failed = [name for name, call in STEPS.items() if f".venv {tool} " in call]
    for name in failed:
        assert re.search(rf"^{re.escape(name)} +FAILED \(1\) in \d+s$", output, re.M), name


def test_the_linters_no_longer_run_inside_pytest() -> None:
    assert not list((ROOT / "tests").rglob("test_quality.py"))
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name == "test_ci.py":
            continue
        text = path.read_text(encoding="utf-8")
        for call in ('"ruff", "check"', '"mypy",', '"lint-imports"'):
            assert call not in text, f"{path.name} runs {call}"
