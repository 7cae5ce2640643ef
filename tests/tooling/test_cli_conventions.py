"""The command line behaves as command lines do: ``--version``,
``python -m kneelink``, help without reST markup and with a description per subcommand,
symptoms as people type them, errors that point at the right option, JSON errors with
``--json``, and shell completion generated from the parser."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli import run
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, write_pack

import kneelink
from kneelink._cli import main

# Two symptoms that share a lay phrase: typing it is ambiguous.
SORE_KNEE_TWICE = (
    header("twice", "0.1")
    + SYMPTOM_KNEE_PAIN.replace('category = "knee_pain"', 'category = "knee_pain"\nsynonyms = ["sore knee"]')
    + """
[[symptom]]
id = "aching_knee"
label = "Aching knee"
category = "knee_pain"
synonyms = ["sore knee"]
cite = ["article#4"]
"""
    + REGION_CALF
    + RULE_ROLL_THE_CALF
)


def exits(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    """Run a command that ends in SystemExit (help, version, usage errors)."""
    with pytest.raises(SystemExit) as exited:
        main(argv, out=io.StringIO())
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = exits(["--version"], capsys)
    assert code == 0
    assert out == f"kneelink {kneelink.__version__}\n"


def test_python_dash_m_kneelink(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneelink", "suggest", "lateral_knee_pain", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert kneelink.Suggestion.model_validate_json(done.stdout) == kneelink.suggest_regions(["lateral_knee_pain"])
    usage = subprocess.run(
        [sys.executable, "-m", "kneelink", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert usage.returncode == 0
    assert usage.stdout.startswith("usage: kneelink ")


def _subcommands() -> list[str]:
    import argparse

    from kneelink._cli import _parser

    (action,) = (action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction))
    return sorted(action.choices)


def test_help_has_no_rest_markup_and_describes_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, top, _ = exits(["--help"], capsys)
    assert code == 0
    assert "``" not in top
    assert ":class:" not in top
    names = _subcommands()
    assert {"suggest", "symptoms", "check", "schema", "coverage", "completion"} <= set(names)
    for name in names:
        assert f"    {name}" in top  # listed with its one-line help
        code, text, _ = exits([name, "--help"], capsys)
        assert code == 0
        assert "``" not in text
        paragraphs = [block for block in text.split("\n\n") if block.strip()]
        # usage, then a description of the subcommand, then the options
        assert not paragraphs[1].startswith(("positional arguments:", "options:")), name
        assert len(paragraphs[1].split()) >= 6, name


@pytest.mark.parametrize("typed", ["outer knee pain", "LATERAL-KNEE-PAIN", "Lateral Knee Pain", "lateral knee pain"])
def test_suggest_takes_a_symptom_as_people_type_it(typed: str) -> None:
    status, text = run(["suggest", typed, "--json"])
    assert status == 0
    assert kneelink.Suggestion.model_validate_json(text) == kneelink.suggest_regions(["lateral_knee_pain"])


def test_resolve_symptom_is_public_and_strict_about_ambiguity(tmp_path: Path) -> None:
    pack = kneelink.default_pack()
    assert pack.resolve_symptom("Pain on the outside of the knee") == "lateral_knee_pain"
    assert pack.resolve_symptom("lateral_knee_pain") == "lateral_knee_pain"
    twice = kneelink.load_pack(write_pack(tmp_path, pack=SORE_KNEE_TWICE))
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        twice.resolve_symptom("Sore knee")
    assert set(caught.value.suggestions) == {"knee_pain", "aching_knee"}
    with pytest.raises(kneelink.UnknownSymptomError) as unknown:
        pack.resolve_symptom("lateral knee pian")
    assert unknown.value.suggestions[0] == "lateral_knee_pain"


def test_an_ambiguous_phrase_on_the_command_line_is_an_error_with_both_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_pack(tmp_path, pack=SORE_KNEE_TWICE)
    status, _ = run(["suggest", "sore knee", "--pack", str(folder)])
    err = capsys.readouterr().err
    assert status == 2
    assert "'knee_pain'" in err
    assert "'aching_knee'" in err


def test_an_unknown_symptom_still_gets_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "outer knee pian"])
    assert status == 2
    assert "'lateral_knee_pain'" in capsys.readouterr().err


def test_a_contraindication_given_as_a_symptom_points_at_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "open_wound"])
    err = capsys.readouterr().err
    assert status == 2
    assert "--contraindication open_wound:REGION" in err
    assert err.count("\n") == 1


def test_an_unknown_contraindication_kind_lists_the_valid_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "knee_pain", "--contraindication", "wound:calf"])
    err = capsys.readouterr().err
    assert status == 2
    for kind in kneelink.default_pack().content.contraindications:
        assert kind in err


def test_with_json_an_error_is_a_json_object_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["suggest", "lateral_knee_pian", "--json"])
    captured = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert captured.out == ""
    error = json.loads(captured.err)["error"]
    assert error["type"] == "UnknownSymptomError"
    assert "lateral_knee_pian" in error["message"]
    assert error["errors"][0]["loc"] == ["symptoms"]
    assert error["suggestions"][0] == "lateral_knee_pain"


def test_with_json_a_usage_error_is_a_json_object_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = exits(["suggest", "knee_pain", "--side", "up", "--json"], capsys)
    assert code == 2
    assert out == ""
    error = json.loads(err)["error"]
    assert error["type"] == "UsageError"
    assert "--side" in error["message"]


def test_with_json_a_bad_report_lists_its_field_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "knee_pain", "--age", "130", "--json"])
    assert status == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["type"] == "ReportError"
    assert [problem["loc"] for problem in error["errors"]] == [["age"]]


# --- Shell completion -------------------------------------------------------------------------


def _complete(script: str, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` (the word being typed), using ``script``."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    array = " ".join(f"'{word}'" for word in words)
    program = f"""
{script}
COMP_WORDS=({array})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_kneelink kneelink "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run([bash, "--norc", "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def bash_script() -> str:
    out = io.StringIO()
    assert main(["completion", "bash"], out=out) == 0
    return out.getvalue()


def test_bash_completes_subcommands(bash_script: str) -> None:
    assert _complete(bash_script, "kneelink", "s") == ["schema", "serve", "suggest", "symptoms"]
    assert set(_complete(bash_script, "kneelink", "")) >= set(_subcommands())
    assert "--version" in _complete(bash_script, "kneelink", "--")


def test_bash_completes_symptom_ids_and_options(bash_script: str) -> None:
    pack = kneelink.default_pack()
    offered = _complete(bash_script, "kneelink", "suggest", "lateral_")
    assert offered == sorted(id_ for id_ in pack.symptoms if id_.startswith("lateral_"))
    assert set(_complete(bash_script, "kneelink", "suggest", "knee_pain", "")) >= set(pack.symptoms)
    assert "--contraindication" in _complete(bash_script, "kneelink", "suggest", "knee_pain", "--c")
    assert _complete(bash_script, "kneelink", "suggest", "knee_pain", "--side", "") == ["both", "left", "right"]
    assert _complete(bash_script, "kneelink", "completion", "") == ["bash", "zsh"]


def test_bash_completes_contraindication_kinds(bash_script: str) -> None:
    kinds = kneelink.default_pack().content.contraindications
    offered = _complete(bash_script, "kneelink", "suggest", "knee_pain", "--contraindication", "")
    assert offered == sorted(f"{kind}:" for kind in kinds)
    # bash splits open_wound:ca at the colon (COMP_WORDBREAKS), so the region is a word of its own.
    regions = kneelink.default_pack().regions
    after_colon = _complete(bash_script, "kneelink", "suggest", "knee_pain", "--contraindication", "open_wound", ":")
    assert after_colon == sorted(regions)
    assert _complete(bash_script, "kneelink", "suggest", "--contraindication", "open_wound", ":", "ca") == ["calf"]


def test_the_bash_script_registers_itself(bash_script: str) -> None:
    assert "complete -F _kneelink kneelink" in bash_script
    assert kneelink.__version__ in bash_script


def test_zsh_script_uses_the_same_function(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["completion", "zsh"], out=out) == 0
    script = out.getvalue()
    assert "bashcompinit" in script
    assert "_kneelink()" in script
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed")
    # As zsh's _bash_complete calls it: compgen -F under sh emulation. zsh filters the
    # words by what is typed afterwards (compadd), so only the context is checked here.
    program = (
        script
        + """
words=(kneelink suggest knee_pain --side ''); CURRENT=5
COMP_WORDS=( $words ); COMP_CWORD=$((CURRENT - 1))
compgen -F _kneelink -- ''
print -- --
words=(kneelink suggest lateral_); CURRENT=3
COMP_WORDS=( $words ); COMP_CWORD=$((CURRENT - 1))
compgen -F _kneelink -- lateral_
"""
    )
    done = subprocess.run([zsh, "-f", "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    sides, ids = done.stdout.split("--\n")
    assert sides.split() == ["both", "left", "right"]
    assert set(ids.split()) == set(kneelink.default_pack().symptoms)
