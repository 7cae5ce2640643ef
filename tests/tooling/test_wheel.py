"""The wheel: it carries the rule files and py.typed, and works installed on its own."""

from __future__ import annotations

import email.message
import email.parser
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from paths import ROOT


def _run_against(site: Path, code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python that sees only the installed wheel in ``site``; it must succeed."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("kneelink-*.whl")
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_wheel_carries_py_typed_and_every_rule_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        rule_files = sorted(path.name for path in (ROOT / "rules").glob("*.toml"))
        assert rule_files, "the repository has no rule files"
        assert "kneelink/py.typed" in names
        assert "kneelink/__init__.py" in names
        for name in rule_files:
            assert f"kneelink/rules/{name}" in names
            assert archive.read(f"kneelink/rules/{name}") == (ROOT / "rules" / name).read_bytes()
        assert not any(name.startswith(("tests/", "rules/")) for name in names)


def test_installed_wheel_works_on_its_own(site: Path, tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path

        import kneelink
        from kneelink._pack import default_rules_folder

        site = Path(sys.argv[1]).resolve()
        assert Path(kneelink.__file__).resolve().is_relative_to(site), kneelink.__file__
        folder = default_rules_folder()
        assert Path(str(folder)).resolve().is_relative_to(site), folder
        assert folder.is_dir()
        answer = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
        print("regions:", " ".join(answer.region_ids))
        print("chain:", " -> ".join(answer.regions[0].reasons[0].chain))
        print("pack:", answer.pack.name, answer.pack.content_hash)
        """
    )
    done = _run_against(site, code, tmp_path)

    import kneelink

    expected = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    lines = done.stdout.splitlines()
    assert lines[0] == "regions: " + " ".join(expected.region_ids)
    assert lines[0].startswith("regions: gluteals tfl it_band")
    assert lines[1] == "chain: " + " -> ".join(expected.regions[0].reasons[0].chain)
    # The installed pack is the same files as the repository's rules/ folder.
    assert lines[2] == f"pack: {expected.pack.name} {expected.pack.content_hash}"


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = (name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_needs_durable_rules_only_where_it_imports_unless_asked(wheel: Path) -> None:
    # durable-rules does not import on 3.13+ without the README's recipe, so a plain
    # install there must not try to build it; the `durable` extra asks for it anyway.
    metadata = _metadata(wheel)
    assert metadata["Requires-Python"] == ">=3.11"
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]

    def needed(python: str, extra: str = "") -> set[str]:
        environment = {"python_version": python, "python_full_version": f"{python}.0", "extra": extra}
        return {req.name for req in requirements if req.marker is None or req.marker.evaluate(environment)}

    for python in ("3.11", "3.12"):
        assert {"durable-rules", "pydantic"} <= needed(python)
    for python in ("3.13", "3.14"):
        assert "pydantic" in needed(python)
        assert "durable-rules" not in needed(python)
        assert "durable-rules" in needed(python, "durable")
    (durable,) = (req for req in requirements if req.name == "durable-rules" and "extra" not in str(req.marker))
    assert str(durable.specifier) == "==2.0.28"


def test_wheel_declares_the_pythons_ci_tests(wheel: Path) -> None:
    declared = {
        value.removeprefix("Programming Language :: Python :: ")
        for value in _metadata(wheel).get_all("Classifier") or []
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", value)
    }
    tested = set(re.findall(r'^ *leg "[^"]*" (3\.\d+) ', (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M))
    assert declared == tested == {"3.11", "3.12", "3.13"}


# Helpers the tests use (Chromium, PNG decoding, the README picture) live beside the tests,
# outside the package; nothing in the library imports them.
TEST_ONLY = ("headless_browser", "png_pixels", "readme_picture")


def test_wheel_leaves_out_the_test_only_helpers_and_nothing_imports_them(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for helper in TEST_ONLY:
        assert (ROOT / "tests" / "support" / f"{helper}.py").is_file(), helper
        assert not [name for name in names if name.endswith(f"/{helper}.py") or name == f"{helper}.py"]
    assert "kneelink/rendering/_body_map.py" in names
    shipped = [name for name in names if name.startswith("kneelink/") and name.endswith(".py")]
    with zipfile.ZipFile(wheel) as archive:
        for name in shipped:
            text = archive.read(name).decode("utf-8")
            for helper in TEST_ONLY:
                assert not re.search(rf"^\s*(from|import) {helper}\b", text, re.M), (
                    f"{name} imports the test-only {helper}"
                )


def test_wheel_metadata_names_its_license_by_spdx_and_ships_the_license_file(wheel: Path) -> None:
    metadata = _metadata(wheel)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["License"] is None  # the legacy field is gone
    assert not [value for value in metadata.get_all("Classifier") or [] if value.startswith("License ::")]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n")
    assert "kneelink contributors" in license_text
    with zipfile.ZipFile(wheel) as archive:
        (shipped,) = (name for name in archive.namelist() if name.endswith(".dist-info/licenses/LICENSE"))
        assert archive.read(shipped).decode("utf-8") == license_text


def test_wheel_carries_the_hypothesis_entry_point_outside_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert "_kneelink_hypothesis.py" in archive.namelist()
        (points,) = (name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt"))
        entry_points = archive.read(points).decode("utf-8")
    assert "[hypothesis]\nkneelink = _kneelink_hypothesis:_hypothesis_setup_hook\n" in entry_points


def test_installed_wheel_registers_symptom_report_with_hypothesis_only_once_kneelink_is_imported(
    site: Path, tmp_path: Path
) -> None:
    code = textwrap.dedent(
        """
        import importlib.metadata, sys
        from pathlib import Path

        site = Path(sys.argv[1]).resolve()
        import hypothesis  # runs the entry point, found through the wheel's metadata
        assert not [name for name in sys.modules if name.startswith("kneelink")], sorted(sys.modules)
        assert "pydantic" not in sys.modules
        import _kneelink_hypothesis
        assert Path(_kneelink_hypothesis.__file__).resolve().is_relative_to(site)
        import kneelink
        from hypothesis import strategies as st
        report = st.from_type(kneelink.SymptomReport).example()
        assert report.symptoms <= set(kneelink.default_pack().symptoms), report
        """
    )
    _run_against(site, code, tmp_path)
