"""The wheel: it carries the rule files and py.typed, and works installed on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    import kneelink

    expected = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    lines = done.stdout.splitlines()
    assert lines[0] == "regions: " + " ".join(expected.region_ids)
    assert lines[0].startswith("regions: gluteals tfl it_band")
    assert lines[1] == "chain: " + " -> ".join(expected.regions[0].reasons[0].chain)
    # The installed pack is the same files as the repository's rules/ folder.
    assert lines[2] == f"pack: {expected.pack.name} {expected.pack.content_hash}"
