"""Every warning-sign phrase of a pack, said in everyday frames that deny nothing in it
(``tests/data/warning_frames.txt``): the texts that must never read the sign as absent.
Used by benchmarks/scan_frames.py (all of them) and tests/interview/test_intake.py (a sample)."""

from __future__ import annotations

from intake_score import WARNING_CATEGORIES
from paths import DATA

import kneelink
from kneelink import RulePack

FRAMES_FILE = DATA / "warning_frames.txt"


def frames() -> list[str]:
    """The frames of ``warning_frames.txt``, each with one ``{}``."""
    lines = FRAMES_FILE.read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if line.strip() and not line.startswith("#")]
    wrong = [line for line in found if line.count("{}") != 1]
    if wrong:
        raise ValueError(f"{FRAMES_FILE}: each frame holds one {{}}: {wrong[:3]}")
    return found


def warning_phrases(pack: RulePack) -> list[tuple[str, str]]:
    """(id, words) for every phrase that says a warning sign: its synonyms, and the pack's
    intake wording that says it present (not the wording that counts only with a time)."""
    warning = {id_ for id_, symptom in pack.symptoms.items() if symptom.category in WARNING_CATEGORIES}
    found = {(id_, words) for id_ in warning for words in pack.symptoms[id_].synonyms}
    intake = pack.content.intake
    for entry in intake.phrase if intake is not None else ():
        if entry.symptom in warning and entry.means == "present" and not entry.timed:
            found.update((entry.symptom, words) for words in entry.words)
    return sorted(found)


def read_absent(pack: RulePack, id_: str, words: str, frame: str) -> bool:
    """Whether ``frame`` around ``words`` reads ``id_`` as absent."""
    return id_ in kneelink.parse(frame.format(words), pack).absent
