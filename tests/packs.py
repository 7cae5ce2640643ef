"""Small rule packs for the tests: writing them, finding lines in them, and the blocks of
TOML that several test packs share.

Tests import it as ``from packs import ...``, as they do ``from oracle import Oracle``.
A block below is the text of one ``[[table]]``, from the blank line before it to its last
line, so that ``SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + REGION_CALF`` is a rule file laid
out line for line as if written by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

import kneelink

# The first line of every rule file.
SCHEMA_VERSION = "schema_version = 1\n"

SYMPTOM_KNEE_PAIN = """
[[symptom]]
id = "knee_pain"
label = "Knee pain"
category = "knee_pain"
source = { article = "9" }
"""

FACT_SORE_KNEE = """
[[fact]]
id = "sore_knee"
label = "Sore knee"
source = { article = "9" }
"""

REGION_CALF = """
[[region]]
id = "calf"
label = "Calf"
body_area = "calf"
order = 1
source = { article = "33" }
"""

REGION_QUADRICEPS = """
[[region]]
id = "quadriceps"
label = "Quadriceps"
body_area = "thigh"
order = 2
source = { article = "33" }
"""

RULE_SORE = """
[[rule]]
id = "sore"
summary = "Knee pain is a sore knee."
when = { all = ["knee_pain"] }
derive = ["sore_knee"]
source = { article = "9" }
"""

RULE_ROLL_THE_CALF = """
[[rule]]
id = "roll_the_calf"
summary = "Roll the calf."
when = { all = ["knee_pain"] }
suggest = ["calf"]
role = "primary"
source = { article = "33" }
"""


def header(name: str, version: str, *, extends: str | None = None) -> str:
    """The opening of a pack's ``pack.toml``: the schema version and the ``[pack]`` table."""
    text = f'{SCHEMA_VERSION}\n[pack]\nname = "{name}"\nversion = "{version}"\n'
    return text if extends is None else f'{text}extends = "{extends}"\n'


def write_pack(folder: Path, base: Mapping[str, str] | None = None, /, **files: str) -> Path:
    """Write a rule pack in ``folder`` (made if need be) and return ``folder``: a
    ``NAME.toml`` for each ``NAME`` in ``base`` and in ``files`` (``rules="..."``), a text
    in ``files`` taking the place of ``base``'s of the same name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**(base or {}), **files}.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def line_with(text: str, marker: str) -> int:
    """The 1-based number of the one line of ``text`` that contains ``marker``."""
    found = [number for number, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(found) == 1, f"marker {marker!r} is on lines {found}"
    return found[0]


def rule_file_error(folder: Path, file: str, line: int | None) -> kneelink.RuleFileError:
    """Load ``folder``, expect a RuleFileError at ``file``:``line``, and return it."""
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(folder)
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, kneelink.PackError)
    assert isinstance(error, kneelink.KneelinkError)
    assert error.path == folder / file
    assert error.line == line
    where = f"{folder / file}:{line}" if line is not None else str(folder / file)
    assert str(error) == f"{where}: {error.problem}"
    return error


def symptom(id_: str) -> str:
    """A ``[[symptom]]`` block like :data:`SYMPTOM_KNEE_PAIN`, with id and label ``id_``."""
    return SYMPTOM_KNEE_PAIN.replace('id = "knee_pain"', f'id = "{id_}"').replace(
        'label = "Knee pain"', f'label = "{id_}"'
    )


def suggesting_rule(id_: str, when: str, *, region: str = "calf", priority: int = 0) -> str:
    """A ``[[rule]]`` block like :data:`RULE_ROLL_THE_CALF` with its own id, its ``when``
    (TOML inline table text, e.g. ``'{ all = ["a", "b"] }'``), region and priority."""
    block = RULE_ROLL_THE_CALF.replace('id = "roll_the_calf"', f'id = "{id_}"')
    block = block.replace('when = { all = ["knee_pain"] }', f"when = {when}")
    block = block.replace('suggest = ["calf"]', f'suggest = ["{region}"]')
    return block if priority == 0 else block.replace("role =", f"priority = {priority}\nrole =")


def generated_pack(folder: Path, symptoms: Sequence[str], rules: Sequence[str], name: str = "generated") -> Path:
    """Write a one-file pack with ``symptoms`` (ids), the calf region and ``rules`` (blocks)."""
    text = header(name, "1") + "".join(symptom(id_) for id_ in symptoms) + REGION_CALF + "".join(rules)
    return write_pack(folder, pack=text)
