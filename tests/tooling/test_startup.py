"""Start-up: ``import kneelink`` brings in what answering needs and leaves the rest
(the pack checker, the test tools, the package metadata) until first asked for.

Each check runs in a fresh interpreter: this test process has imported everything already.
How long the import takes is measured by benchmarks/bench_startup.py, never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

import kneelink

# Not needed to answer a report: the checker and its analysis, the test tools, the reader of
# the old rule-file format, the interview, and the process pool behind suggest_many.
NOT_IMPORTED = (
    "kneelink._analysis",
    "kneelink._check",
    "kneelink.testing",
    "kneelink._coverage",
    "hypothesis",
    "kneelink._migrate",
    "kneelink.interview._parse",
    "kneelink.interview._questions",
    "multiprocessing",
    "concurrent.futures",
)


def run_fresh(code: str, **environment: str) -> dict[str, object]:
    """Run ``code`` in a new interpreter (with ``environment`` added to this one's); it
    prints one JSON object, which is returned."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")} | environment
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_import_and_first_answer_leave_the_checker_and_test_tools_unimported() -> None:
    seen = run_fresh(
        f"""
        import json, sys
        import kneelink
        after_import = [name for name in {NOT_IMPORTED!r} if name in sys.modules]
        lazy_in_namespace = [name for name in ("__version__", *kneelink._LAZY_ATTRIBUTES) if name in vars(kneelink)]
        kneelink.suggest_regions(["lateral_knee_pain"], side="left")
        after_answer = [name for name in {NOT_IMPORTED!r} if name in sys.modules]
        print(json.dumps({{"after_import": after_import, "after_answer": after_answer, "lazy": lazy_in_namespace}}))
        """
    )
    assert seen == {"after_import": [], "after_answer": [], "lazy": []}


@pytest.mark.parametrize(("name", "module"), sorted(kneelink._LAZY_ATTRIBUTES.items()))
def test_a_lazy_name_imports_its_module_on_first_use(name: str, module: str) -> None:
    seen = run_fresh(
        f"""
        import json, sys
        import kneelink
        before = {module!r} in sys.modules
        value = getattr(kneelink, {name!r})
        print(json.dumps({{
            "before": before,
            "after": {module!r} in sys.modules,
            "same_object": value is getattr(sys.modules[{module!r}], {name!r}),
            "cached": vars(kneelink).get({name!r}) is value,
        }}))
        """
    )
    assert seen == {"before": False, "after": True, "same_object": True, "cached": True}


def test_from_import_of_a_lazy_name_works_in_a_fresh_interpreter() -> None:
    seen = run_fresh(
        """
        import json
        from kneelink import CheckReport, Finding, check_pack, default_pack
        report = check_pack(default_pack())
        print(json.dumps({"report": type(report) is CheckReport, "finding": Finding.__name__, "ok": report.ok}))
        """
    )
    assert seen == {"report": True, "finding": "Finding", "ok": True}


# Answers are made without validation, so these models' validators wait for first use.
DEFERRED_ANSWER_MODELS = ("Suggestion", "RegionSuggestion", "Reason", "WithheldRegion", "RedFlagHit")
# Between them: regions, a local contraindication's withheld region, and a red flag.
ANSWER_CALLS: tuple[tuple[list[str], dict[str, Any]], ...] = (
    (["lateral_knee_pain", "running_downhill"], {"side": "right", "contraindications": [["open_wound", "calf"]]}),
    (["lateral_knee_pain", "knee_injury"], {}),
)


def test_answer_models_built_on_first_use_validate_dump_pickle_and_describe_themselves_the_same() -> None:
    seen = run_fresh(
        f"""
        import json, pickle
        import kneelink
        from kneelink import _answer
        answers = [kneelink.suggest_regions(symptoms, **options) for symptoms, options in {ANSWER_CALLS!r}]
        built = [name for name in {DEFERRED_ANSWER_MODELS!r} if getattr(_answer, name).__pydantic_complete__]
        unpickled = [pickle.loads(pickle.dumps(answer)) == answer for answer in answers]
        schema = kneelink.Suggestion.model_json_schema()  # the first use builds the model here
        print(json.dumps({{
            "built_by_answering": built,
            "unpickled_equal": unpickled,
            "schema": schema,
            "dumped": [answer.model_dump(mode="json") for answer in answers],
            "validated_equal": [kneelink.Suggestion.model_validate_json(a.model_dump_json()) == a for a in answers],
        }}))
        """
    )
    assert seen["built_by_answering"] == []
    assert seen["unpickled_equal"] == seen["validated_equal"] == [True, True]
    # This process built the models long ago, in whatever order the tests ran.
    assert seen["schema"] == kneelink.Suggestion.model_json_schema()
    here = [kneelink.suggest_regions(symptoms, **options) for symptoms, options in ANSWER_CALLS]
    assert seen["dumped"] == [answer.model_dump(mode="json") for answer in here]
    # Every deferred model was in play: regions with reasons, a withheld region, a red flag.
    assert here[0].regions
    assert here[0].withheld
    assert here[1].red_flags


def test_a_fresh_process_reads_every_shipped_rule_file_and_answers_as_this_one() -> None:
    code = """
        import json, sys
        import kneelink
        from kneelink._locate import _scan
        answer = kneelink.suggest_regions(["lateral_knee_pain", "knee_injury"], age=34)
        print(json.dumps({"answer": answer.model_dump(mode="json"), "files_parsed": _scan.cache_info().misses}))
        """
    fresh = run_fresh(code)
    here = kneelink.suggest_regions(["lateral_knee_pain", "knee_injury"], age=34)
    assert fresh["answer"] == here.model_dump(mode="json")
    shipped = len(list(Path(str(kneelink._pack.default_rules_folder())).glob("*.toml")))
    assert fresh["files_parsed"] == shipped


def test_version_is_the_installed_distributions_and_the_projects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert kneelink.__version__ == version("kneelink") == project
    assert run_fresh("import json, kneelink; print(json.dumps({'version': kneelink.__version__}))") == {
        "version": project
    }


def test_an_unknown_attribute_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="'no_such_name'"):
        _ = kneelink.no_such_name  # type: ignore[attr-defined]
    assert not hasattr(kneelink, "check_packs")
