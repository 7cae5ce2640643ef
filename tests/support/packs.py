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
SCHEMA_VERSION = "schema_version = 2\n"

SYMPTOM_KNEE_PAIN = """
[[symptom]]
id = "knee_pain"
label = "Knee pain"
category = "knee_pain"
cite = ["article#4"]
"""

FACT_SORE_KNEE = """
[[fact]]
id = "sore_knee"
label = "Sore knee"
cite = ["article#4"]
"""

REGION_CALF = """
[[region]]
id = "calf"
label = "Calf"
body_area = "calf"
order = 1
cite = ["article#14"]
shape.front = "M 37 204 C 40 198 44 198 46 202 C 47 222 46 246 44 262 L 40 264 C 38 244 36 224 37 204 Z"
shape.back = "M 38 196 C 46 188 62 188 70 196 C 74 214 72 238 64 256 C 56 262 48 262 44 256 C 38 238 36 216 38 196 Z"
"""

REGION_QUADRICEPS = """
[[region]]
id = "quadriceps"
label = "Quadriceps"
body_area = "thigh"
order = 2
cite = ["article#14"]
shape.front = "M 32 70 C 48 62 68 62 80 68 C 80 100 74 132 66 160 C 58 166 46 166 40 162 C 36 132 32 100 32 70 Z"
shape.hidden = ["back"]
"""

RULE_SORE = """
[[rule]]
id = "sore"
summary = "Knee pain is a sore knee."
when = { all = ["knee_pain"] }
derive = ["sore_knee"]
cite = ["article#4"]
"""

RULE_ROLL_THE_CALF = """
[[rule]]
id = "roll_the_calf"
summary = "Roll the calf."
when = { all = ["knee_pain"] }
suggest = ["calf"]
role = "primary"
cite = ["article#14"]
"""


_PARAGRAPHS = ", ".join(f'{{ number = {n}, paraphrase = "Paragraph {n} of the test article." }}' for n in range(1, 17))

# The sources test packs cite: "article#N" (N = 1..16) and "reference". A layered pack
# finds both kinds in the default pack, whose article declares the paragraphs the tests use.
SOURCES = f"""
[[source]]
id = "article"
title = "Test article"
author = "Test author"
citation = "kneelink's test suite"
paragraph = [{_PARAGRAPHS}]

[[source]]
id = "reference"
title = "Test reference"
publisher = "Test publisher"
citation = "kneelink's test suite"
"""

RULE_OLDER_ROLL_THE_CALF = """
[[rule]]
id = "older_roll_the_calf"
summary = "From 55, roll the calf too."
when = { all = ["knee_pain"], age = { min = 55 } }
suggest = ["calf"]
role = "supporting"
extension = true
cite = ["reference"]
"""

CONTRAINDICATION_OPEN_WOUND = """
[[contraindication]]
id = "open_wound"
label = "Open wound"
message = "Never roll over an open wound."
cite = ["reference"]
"""


def header(name: str, version: str, *, extends: str | None = None) -> str:
    """The opening of a pack's ``pack.toml``: the schema version, the test sources (for a
    pack that extends none) and the ``[pack]`` table."""
    if extends is not None:
        return f'{SCHEMA_VERSION}\n[pack]\nname = "{name}"\nversion = "{version}"\nextends = "{extends}"\n'
    return f'{SCHEMA_VERSION}{SOURCES}\n[pack]\nname = "{name}"\nversion = "{version}"\n'


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


def symptom_block(id_: str) -> str:
    """A ``[[symptom]]`` table of the given id (for generated packs)."""
    return SYMPTOM_KNEE_PAIN.replace('"knee_pain"', f'"{id_}"', 1).replace('"Knee pain"', f'"{id_}"')


def fact_block(id_: str) -> str:
    """A ``[[fact]]`` table of the given id (for generated packs)."""
    return FACT_SORE_KNEE.replace('"sore_knee"', f'"{id_}"').replace('"Sore knee"', f'"{id_}"')


def rule_block(id_: str, when: str, effect: str) -> str:
    """A ``[[rule]]`` table: ``when`` and ``effect`` are TOML text, such as
    ``'{ all = ["a"], none = ["b"] }'`` and ``'derive = ["c"]'``."""
    return f'\n[[rule]]\nid = "{id_}"\nsummary = "Generated."\nwhen = {when}\n{effect}\ncite = ["article#4"]\n'


# --- Large and adversarial packs, for the checker's benchmark and tests -----------------


def chain(count: int, *, bottom_up: bool) -> dict[str, str]:
    """One symptom ``s0``, then ``count`` rules each deriving the fact the next one needs
    (``f1``, ``f2``...), the last suggesting ``calf``: in chain order, or reversed."""
    facts = [f"f{index}" for index in range(1, count + 1)]
    rules = [
        rule_block(f"r{index}", f'{{ all = ["{previous}"] }}', f'derive = ["{fact}"]')
        for index, (previous, fact) in enumerate(zip(["s0", *facts], facts, strict=False), start=1)
    ]
    rules.append(rule_block("roll", f'{{ all = ["{facts[-1]}"] }}', 'suggest = ["calf"]\nrole = "primary"'))
    if bottom_up:
        rules.reverse()
    vocabulary = symptom_block("s0") + "".join(fact_block(fact) for fact in facts) + REGION_CALF
    return {"pack": header("chain", "1.0") + vocabulary, "rules": SCHEMA_VERSION + "".join(rules)}


def _oldest(index: int) -> int:
    return min(120, 60 + index // 2)


def none_and_ages(count: int = 200) -> dict[str, str]:
    """``count`` rules with a ``none`` condition and an age range each, and five rules
    needing two of their facts, two of which can never fire (the age ranges are apart)."""
    symptoms = ["s", *(f"x{index}" for index in range(count))]
    facts = [f"f{index}" for index in range(count)]
    rules = [
        rule_block(
            f"a{index}",
            f'{{ all = ["s"], none = ["x{index}"], age = {{ min = {index // 2}, max = {_oldest(index)} }} }}',
            f'derive = ["f{index}"]',
        )
        for index in range(count)
    ]
    pairs = [(0, count // 2), (1, count // 2 + 1), (2, count // 2 + 2), (0, count - 1), (1, count - 2)]
    rules += [
        rule_block(f"b{index}", f'{{ all = ["f{first}", "f{second}"] }}', 'suggest = ["calf"]\nrole = "primary"')
        for index, (first, second) in enumerate(pairs)
    ]
    vocabulary = "".join(symptom_block(s) for s in symptoms) + "".join(fact_block(f) for f in facts) + REGION_CALF
    return {"pack": header("ages", "1.0") + vocabulary, "rules": SCHEMA_VERSION + "".join(rules)}


def search_gives_up(decoys: int = 300) -> dict[str, str]:
    """A rule that needs ``n`` and, through ``g1``, not ``n``: it fires only if every
    ``none`` is waived, and ``decoys`` symptoms both open and bar other ways to ``g1``, so
    the search has more candidate reports than its budget."""
    symptoms = ["s", "n", *(f"x{index}" for index in range(decoys))]
    rules = [
        rule_block("p1", '{ all = ["s"], none = ["n"] }', 'derive = ["g1"]'),
        rule_block("p2", '{ all = ["n"] }', 'derive = ["g2"]'),
        rule_block("target", '{ all = ["g1", "g2"] }', 'suggest = ["calf"]\nrole = "primary"'),
        *(
            rule_block(f"d{index}", f'{{ all = ["s", "n"], none = ["x{index}"] }}', 'derive = ["g0"]')
            for index in range(decoys)
        ),
        *(
            rule_block(f"c{index}", f'{{ all = ["x{index}"], none = ["n"] }}', 'derive = ["g0"]')
            for index in range(decoys)
        ),
        rule_block("p0", '{ all = ["g0"], none = ["n"] }', 'derive = ["g1"]'),
    ]
    vocabulary = "".join(symptom_block(s) for s in symptoms) + "".join(fact_block(f) for f in ("g0", "g1", "g2"))
    return {
        "pack": header("adversarial", "1.0") + vocabulary + REGION_CALF,
        "rules": SCHEMA_VERSION + "".join(rules),
    }


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
