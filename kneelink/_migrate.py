"""What to change in a rule file written for format 1.

Format 1 cited sources inline, by line numbers of one copy of the article
(``source = { article = "15, 23" }``) and by section of a reference document
(``source = { reference = "§2 ..." }``); its red flags had two levels, ``see_clinician``
and ``urgent``. Format 2 declares sources as data (``[[source]]``), cites them by id and
paragraph (``cite = ["article#6", "article#9"]``) and uses five triage levels. Old files
are not converted silently: a change of levels is a clinical decision. Instead the loader
reports, line by line, exactly what to change.

>>> text = 'schema_version = 1\\n[[rule]]\\nsource = { article = "15, 23-25" }\\n'
>>> [line for line, _ in format_1_problems(text)]
[1, 3]
>>> print(format_1_problems(text)[1][1])  # doctest: +ELLIPSIS
replace `source = { article = "15, 23-25" }` with `cite = ["article#6", "article#9", "article#10"]` (...)
"""

from __future__ import annotations

import re

# Line numbers of format 1's copy of the article → the article's paragraph numbers
# (headings not counted). Only the default pack's article had line citations.
ARTICLE_LINE_TO_PARAGRAPH = {
    3: 1, 5: 2, 7: 3, 9: 4, 13: 5, 15: 6, 17: 7, 19: 8, 23: 9, 25: 10, 27: 11, 29: 12, 31: 13, 33: 14, 35: 15, 37: 16,
}  # fmt: skip

# Ids of the default pack that format 2 renamed, so a layered format-1 pack that names
# them is told their new names (old -> new; an empty name: gone, with no single successor).
RENAMED_DEFAULT_IDS = {
    "it_band_tension": "it_band_pulling",
    "tfl_tightness": "tfl_tight",
    "hip_imbalance": "hip_muscles_tight",
    "kneecap_pulled": "kneecap_problem",
    "quadriceps_pull": "quadriceps_pulling",
    "it_band_pulls_outside_of_knee": "outer_knee_pain_may_be_the_it_band",
    "downhill_or_cycling_strains_it_band": "downhill_or_cycling_may_be_the_it_band",
    "tfl_pulls_it_band": "tfl_pulls_the_it_band",
    "hip_muscles_pull_it_band": "hip_muscles_pull_the_it_band",
    "sitting_tightens_tfl": "sitting_tightens_the_tfl",
    "treat_the_hip_muscles": "always_treat_the_hips",
    "knee_pain_involves_the_hip": "always_treat_the_hips",
    "kneecap_problems": "kneecap_conditions",
    "stairs_or_squatting_load_the_kneecap": "front_knee_pain_on_stairs_or_squatting",
    "quadriceps_pull_the_kneecap": "quadriceps_pull_on_the_knee",
    "cocked_hip_pulls_quadriceps": "hip_muscles_pull_the_quadriceps",
    "cannot_walk_without_injury": "cannot_walk",
    "cannot_walk": "cannot_walk_or_move_knee",
}
_QUOTED_ID = re.compile(r'"([a-z][a-z0-9_]*)"')

_SOURCE = re.compile(r"^\s*(how_to_roll_source|source)\s*=\s*(\{.*\})\s*(#.*)?$")
_ARTICLE = re.compile(r'article\s*=\s*"([^"]*)"')
_REFERENCE = re.compile(r'reference\s*=\s*"((?:[^"\\]|\\.)*)"')
_LEVEL = re.compile(r'^\s*level\s*=\s*"(urgent|see_clinician)"')
_TRIAGE = re.compile(r'triage\s*=\s*"(urgent|see_clinician)"')

_NEW_LEVEL = {
    "urgent": '"consultation_24", "emergency" or "emergency_ambulance", as the flag\'s source supports '
    "(from consultation_24 up every region is withheld)",
    "see_clinician": '"consultation" (book an appointment; the regions stay)',
}


def _paragraph_cites(lines: str) -> list[str] | None:
    cites: list[str] = []
    for part in lines.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            return None
        for line in range(int(first), int(last or first) + 1):
            paragraph = ARTICLE_LINE_TO_PARAGRAPH.get(line)
            if paragraph is not None and f"article#{paragraph}" not in cites:
                cites.append(f"article#{paragraph}")
    return cites


def _source_change(key: str, value: str) -> str:
    new_key = "how_to_roll_cite" if key == "how_to_roll_source" else "cite"
    cites: list[str] = []
    notes: list[str] = []
    article = _ARTICLE.search(value)
    if article:
        found = _paragraph_cites(article.group(1))
        if found:
            cites += found
            notes.append('paragraphs of the article, declared in a [[source]] table with id "article"')
    reference = _REFERENCE.search(value)
    if reference:
        cites.append("<source id>")
        notes.append(
            f"declare the work behind {reference.group(1)!r} in a [[source]] table (title, author or publisher, "
            "address or citation) and cite its id"
        )
    listed = ", ".join('"' + cite + '"' if not cite.startswith("<") else cite for cite in cites)
    return f"replace `{key} = {value}` with `{new_key} = [{listed}]` ({'; '.join(notes)})"


def format_1_problems(text: str) -> list[tuple[int | None, str]]:
    """Every change that turns ``text``, a format-1 rule file, into format 2, by line."""
    problems: list[tuple[int | None, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\s*schema_version\s*=", line):
            problems.insert(
                0,
                (
                    number,
                    "rule format 1 is no longer read: set `schema_version = 2`, then make the changes "
                    "listed for the lines below",
                ),
            )
        elif match := _SOURCE.match(line):
            problems.append((number, _source_change(match.group(1), match.group(2))))
        elif match := _LEVEL.match(line):
            problems.append((number, f'`level = "{match.group(1)}"`: choose {_NEW_LEVEL[match.group(1)]}'))
        elif match := _TRIAGE.search(line):
            problems.append((number, f'`triage = "{match.group(1)}"`: use {_NEW_LEVEL[match.group(1)]}'))
        renamed = [id_ for id_ in dict.fromkeys(_QUOTED_ID.findall(line)) if id_ in RENAMED_DEFAULT_IDS]
        if renamed and not re.match(r"^\s*id\s*=", line):
            said = ", ".join(f"`{old}` is now `{RENAMED_DEFAULT_IDS[old]}`" for old in renamed)
            problems.append((number, f"the default pack renamed ids this line names: {said}"))
    return problems


# What pack 3.0.0 of the default pack changed, for a layered pack that still names an old id:
# the loader adds the line to its "unknown symptom" error, so `kneelink check` says what to do.
CHANGED_IN_3 = {
    "recent_knee_injury": (
        "pack 3.0.0 renamed it `knee_injury` and moved *when* into the report's `days_since_injury`; "
        "a rule that needs a recent injury names a window instead: `injured_in_last_3_days` (no massage) "
        "or `injured_in_last_7_days` (fracture rules)"
    ),
    "calf_swelling": (
        "pack 3.0.0 split it into `one_leg_swelling`, `one_leg_warm_or_red` and `one_leg_throbbing_pain` "
        "(the NHS lists each sign of a clot on its own, in the calf or the thigh)"
    ),
    "recent_knee_surgery_or_replacement": (
        "pack 3.0.0 split it into `recent_knee_surgery` (the last 6 months) and `knee_replacement`"
    ),
    "nerve_or_circulation_problem": (
        "pack 3.0.0 split it into `nerve_problem` (numb or tingling foot) and `foot_blood_supply` "
        "(a cold, pale or blue foot, an emergency)"
    ),
}
