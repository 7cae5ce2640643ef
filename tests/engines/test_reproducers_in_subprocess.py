"""Inputs that once hung, aborted or leaked a raw exception, each run in a capped subprocess.

A reproducer that once hung, aborted or leaked a raw exception must now end by itself,
cleanly (exit 0), with the kneelink exception named here. Running each in its own
process means a regression shows as a failed test, not as a hung or killed test run.
Checks of exact files and lines (issue points 12 and 13), and of inputs that were
accepted when they should not have been (bytes), run in-process beside them: they need
the exception object, and reading a pack is bounded now.
The fuzz and mutation tests over the same ground are ``test_arbitrary_arguments.py`` and
``test_mutated_pack_errors.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from capped import run_cli, run_python
from packs import (
    REGION_CALF,
    RULE_ROLL_THE_CALF,
    SCHEMA_VERSION,
    SYMPTOM_KNEE_PAIN,
    chain,
    header,
    line_with,
    rule_file_error,
    search_gives_up,
    write_pack,
)

import kneelink
from kneelink._pack import default_rules_folder

PROBE = {
    "pack": header("probe", "0.1"),
    "vocabulary": SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + REGION_CALF,
    "rules": SCHEMA_VERSION + RULE_ROLL_THE_CALF,
}


def raises(code: str, expected: type[BaseException]) -> dict[str, object]:
    outcome = run_python(code)
    assert outcome["raised"] == expected.__name__, outcome
    assert outcome["kneelink"], outcome
    return outcome


# --- 4. Unbounded input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "symptoms",
    [
        "itertools.repeat('knee_pain')",
        "range(10**7)",
        "(f'junk_{n}' for n in itertools.count())",
        "['knee_pain'] * 10**6",
    ],
)
def test_endless_or_huge_symptoms_are_refused_quickly(symptoms: str) -> None:
    outcome = raises(f"report(lambda: kneelink.suggest_regions({symptoms}))", kneelink.ReportError)
    assert "at most" in str(outcome["message"])
    assert int(str(outcome["length"])) < 500


def test_a_million_junk_ids_give_a_short_message() -> None:
    call = "kneelink.suggest_regions([f'junk_{n}' for n in range(10**6)])"
    outcome = raises(f"report(lambda: {call})", kneelink.ReportError)
    assert int(str(outcome["length"])) < 500


@pytest.mark.parametrize(
    "call",
    [
        "kneelink.SymptomReport(symptoms=itertools.repeat('knee_pain'))",
        "kneelink.SymptomReport(symptoms=range(10**7))",
        "kneelink.suggest_regions(['knee_pain'], contraindications=itertools.repeat(('open_wound', 'calf')))",
        "kneelink.suggest_regions(['knee_pain'], contraindications=range(10**7))",
    ],
)
def test_endless_reports_and_contraindications_are_refused(call: str) -> None:
    raises(f"report(lambda: {call})", kneelink.ReportError)


def test_a_report_names_at_most_as_many_symptoms_as_the_pack_has() -> None:
    pack = kneelink.default_pack()
    too_many = [*pack.symptoms, "knee_pain"]
    with pytest.raises(kneelink.ReportError, match=f"at most {len(pack.symptoms)}"):
        pack.suggest_regions(too_many)
    # A report of every symptom exactly is still a report (whatever it answers).
    assert pack.suggest_regions(list(pack.symptoms)).pack == pack.info


def test_an_iterator_that_fails_is_a_report_error_with_its_cause() -> None:
    def failing() -> object:
        yield "knee_pain"
        raise OSError("disk gone")

    with pytest.raises(kneelink.ReportError, match="could not be read: OSError") as caught:
        kneelink.suggest_regions(failing())  # type: ignore[arg-type]
    assert isinstance(caught.value.__cause__, OSError)


# --- 5 and 8. What a pack folder may hold ---------------------------------------------------


def test_a_fifo_in_the_pack_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    os.mkfifo(folder / "f.toml")
    outcome = raises(f"report(lambda: kneelink.load_pack({str(folder)!r}))", kneelink.RuleFileError)
    assert outcome["code"] == "not-a-file"
    assert "FIFO" in str(outcome["message"])
    done = run_cli("check", str(folder))
    assert done.returncode == 1
    assert f"{folder / 'f.toml'}: error: is a FIFO, not a regular file [not-a-file]" in done.stdout


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "zero.toml").symlink_to("/dev/zero")
    outcome = raises(f"report(lambda: kneelink.load_pack({str(folder)!r}))", kneelink.RuleFileError)
    assert outcome["code"] == "outside-pack"
    assert run_cli("check", str(folder)).returncode == 1


def test_a_link_out_of_the_pack_is_refused_and_not_echoed(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "passwd.toml").symlink_to("/etc/passwd")
    error = rule_file_error(folder, "passwd.toml", None)
    assert error.code == "outside-pack"
    assert "root:" not in str(error)


def test_a_link_inside_the_pack_is_followed(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "sub").mkdir()
    (folder / "rules.toml").rename(folder / "sub" / "real.toml")
    (folder / "rules.toml").symlink_to(folder / "sub" / "real.toml")
    assert [rule.id for rule in kneelink.load_pack(folder).rules] == ["roll_the_calf"]


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda f: (f / "x.toml").mkdir(), "not-a-file", "is a folder"),
        (lambda f: (f / "chain.toml").symlink_to(f / "missing.toml"), "unreadable", "dangling"),
        (
            lambda f: [(f / a).symlink_to(f / b) for a, b in (("a.toml", "b.toml"), ("b.toml", "a.toml"))],
            "unreadable",
            "loop",
        ),
    ],
    ids=["folder", "dangling-link", "link-loop"],
)
def test_odd_entries_are_rule_file_errors(tmp_path: Path, make: object, code: str, words: str) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    make(folder)  # type: ignore[operator]
    outcome = raises(f"report(lambda: kneelink.load_pack({str(folder)!r}))", kneelink.RuleFileError)
    assert outcome["code"] == code
    assert words in str(outcome["message"])
    done = run_cli("check", str(folder))
    assert done.returncode == 1
    assert f"[{code}]" in done.stdout


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 1)() == 0, reason="root reads every file whatever its mode")
def test_an_unreadable_file_is_a_rule_file_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "rules.toml").chmod(0)
    assert rule_file_error(folder, "rules.toml", None).code == "unreadable"


def test_a_file_too_large_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "big.toml").write_text("# padding\n" * 300_000, encoding="utf-8")
    assert rule_file_error(folder, "big.toml", None).code == "too-large"


def test_hidden_backup_and_lock_files_are_not_rule_files(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    for name in (".chain.toml", "#chain.toml#", "chain.toml~", ".rules.toml.swp"):
        (folder / name).write_bytes(b"\xff not a rule file [[[")
    (folder / ".#chain.toml").symlink_to("user@host.1234:1700000000")  # an Emacs lock: dangling
    assert [rule.id for rule in kneelink.load_pack(folder).rules] == ["roll_the_calf"]
    assert kneelink.check_pack(folder).ok


def test_3000_nested_brackets_are_a_located_error(tmp_path: Path) -> None:
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF + "deep = " + "[" * 3000 + "\n"
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    outcome = raises(f"report(lambda: kneelink.load_pack({str(folder)!r}))", kneelink.RuleFileError)
    assert outcome["line"] == line_with(rules, "deep = ")
    assert "nested" in str(outcome["message"])
    assert run_cli("check", str(folder)).returncode == 1


# --- 7. What pack= and load_pack accept ----------------------------------------------------


@pytest.mark.parametrize("pack", ["'rules'", "0", "''", "False", "Path('rules')", "object()"])
def test_pack_takes_a_rule_pack_or_none(pack: str) -> None:
    outcome = raises(f"report(lambda: kneelink.suggest_regions(['knee_pain'], pack={pack}))", kneelink.PackError)
    assert "RulePack" in str(outcome["message"])


def test_pack_none_is_the_default_pack() -> None:
    answer = kneelink.suggest_regions(["knee_pain"], pack=None)
    assert answer.pack == kneelink.default_pack().info


@pytest.mark.parametrize("path", ["None", "b'x'", "5", "''", "'   '", "'a\\x00b'", "['rules']"])
def test_load_pack_takes_a_folder_path(path: str) -> None:
    outcome = raises(f"report(lambda: kneelink.load_pack({path}))", kneelink.PackError)
    assert "folder" in str(outcome["message"])


def test_load_pack_and_check_pack_take_str_path_and_traversable() -> None:
    folder = default_rules_folder()
    assert kneelink.load_pack(str(folder)).info == kneelink.load_pack(Path(str(folder))).info
    assert kneelink.check_pack(folder).ok
    with pytest.raises(kneelink.PackError, match="empty path"):
        kneelink.check_pack("")


# --- 9. An input that cannot be shown ---------------------------------------------------------


class Unshowable:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


@pytest.mark.parametrize(
    "arguments",
    [
        {"symptoms": Unshowable()},
        {"symptoms": [Unshowable()]},
        {"symptoms": ["knee_pain"], "side": Unshowable()},
        {"symptoms": ["knee_pain"], "age": Unshowable()},
        {"symptoms": ["knee_pain"], "contraindications": [Unshowable()]},
    ],
)
def test_an_input_whose_repr_raises_is_still_a_report_error(arguments: dict[str, object]) -> None:
    with pytest.raises(kneelink.ReportError, match="Unshowable"):
        kneelink.suggest_regions(**arguments)  # type: ignore[arg-type]


def test_an_input_whose_repr_raises_is_a_report_error_in_a_fresh_process() -> None:
    outcome = raises(
        """
        class Unshowable:
            def __repr__(self):
                raise RuntimeError("no repr")
        report(lambda: kneelink.suggest_regions([Unshowable()], side=Unshowable()))
        """,
        kneelink.ReportError,
    )
    assert "Unshowable" in str(outcome["message"])


# --- 12. Every locatable rule-file error has its line ---------------------------------------


def test_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF
    folder = write_pack(tmp_path / "pack", PROBE)
    raw = rules.encode().replace(b'"Roll the calf."', b'"Roll the \xff calf."')
    (folder / "rules.toml").write_bytes(raw)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "Roll the calf."))
    assert error.code == "not-text"
    assert "column 21" in error.problem


@pytest.mark.parametrize(
    ("tail", "opening"),
    [
        ('note = """never closed\nmore text\n', "note = "),
        ("note = '''never closed\n", "note = "),
        ('note = "never closed', "note = "),
        ("list = [1,\n2,\n", "list = "),
    ],
)
def test_what_never_closes_is_located_where_it_opens(tmp_path: Path, tail: str, opening: str) -> None:
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF + tail
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    assert rule_file_error(folder, "rules.toml", line_with(rules, opening)).code == "toml-syntax"


def test_a_long_dotted_header_is_its_own_line(tmp_path: Path) -> None:
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF + "\n[[rule.aa.bb.cc.dd.ee]]  # here\nx = 1\n"
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "# here"))
    assert "rule 'roll_the_calf': unknown key `aa`" in error.problem


def test_headers_inside_a_multiline_string_do_not_shift_lines(tmp_path: Path) -> None:
    text = '"""\n[[rule]]\n[pack]\n[[rule]]\nid = "not a rule"\n"""'
    shifted = RULE_ROLL_THE_CALF.replace('summary = "Roll the calf."', f"summary = {text}")
    second = RULE_ROLL_THE_CALF.replace('"roll_the_calf"', '"second"') + "no_such_key = 1\n"
    rules = SCHEMA_VERSION + shifted + second
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "no_such_key"))
    assert "rule 'second': unknown key `no_such_key`" in error.problem


def test_a_missing_schema_version_is_on_line_one(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE, rules=RULE_ROLL_THE_CALF)
    assert "schema_version" in rule_file_error(folder, "rules.toml", 1).problem


# --- 13. Messages quote short excerpts --------------------------------------------------------


def test_a_rejected_value_is_quoted_short_and_escaped(tmp_path: Path) -> None:
    secret = "\x1b[2J" + "s3cr3t" * 2000
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF.replace('role = "primary"', f"role = {json.dumps(secret)}")
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "role = "))
    assert len(str(error)) < len(str(folder)) + 300
    assert "\x1b" not in str(error)
    assert "\\x1b" in str(error)


# --- 14. Bytes are not symptom ids -------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        {"symptoms": b"knee_pain"},
        {"symptoms": [b"knee_pain"]},
        {"symptoms": ["knee_pain", bytearray(b"cycling")]},
        {"symptoms": ["knee_pain"], "side": b"left"},
        {"symptoms": ["knee_pain"], "contraindications": [("open_wound", b"calf")]},
        {"symptoms": ["knee_pain"], "contraindications": [(b"open_wound", "calf")]},
    ],
)
def test_bytes_are_refused_everywhere(arguments: dict[str, object]) -> None:
    with pytest.raises(kneelink.ReportError):
        kneelink.suggest_regions(**arguments)  # type: ignore[arg-type]
    with pytest.raises(kneelink.ReportError):
        kneelink.SymptomReport(**arguments)


# --- 6. The checker stays bounded ---------------------------------------------------------------


def test_a_bottom_up_chain_checks_clean_with_a_witness_for_its_last_rule(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", **chain(300, bottom_up=True))
    report = kneelink.check_pack(folder)
    assert report.ok, report.format()
    from kneelink._analysis import witness

    pack = kneelink.load_pack(folder)
    roll = pack.content.rule("roll")
    found = witness(pack.content, roll)
    assert found is not None
    assert found.symptoms == ("s0",)
    assert "roll" in pack.suggest_regions(list(found.symptoms)).fired_rules


def test_the_checker_says_when_its_search_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kneelink import _analysis

    monkeypatch.setattr(_analysis, "SEARCH_BUDGET", 10)
    files = search_gives_up(decoys=20)
    folder = write_pack(tmp_path / "pack", **files)
    report = kneelink.check_pack(folder)
    gave_up = [finding for finding in report.findings if finding.code == "search-gave-up"]
    assert [finding.severity for finding in gave_up] == ["warning"]
    assert "'target'" in gave_up[0].message
    assert gave_up[0].path == str(folder / "rules.toml")
    assert gave_up[0].line == line_with(files["rules"], 'id = "target"') - 1
    # Never a verdict it did not reach: the rule is not called unreachable.
    assert "'target'" not in " ".join(f.message for f in report.findings if f.code == "unreachable-rule")


def test_a_permission_error_is_a_rule_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root (as in CI containers) reads any file, so the refusal is simulated where it happens.
    folder = write_pack(tmp_path / "pack", PROBE)
    real_open = os.open

    def refuse(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("rules.toml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    error = rule_file_error(folder, "rules.toml", None)
    assert error.code == "unreadable"
    assert "permission denied" in error.problem


def test_an_odd_key_is_quoted_short_and_escaped(tmp_path: Path) -> None:
    key = "\x1b[2J" + "k" * 5000
    rules = SCHEMA_VERSION + RULE_ROLL_THE_CALF + f"{json.dumps(key)} = 1  # odd key\n"
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "# odd key"))
    assert "\x1b" not in str(error)
    assert len(error.problem) < 400
