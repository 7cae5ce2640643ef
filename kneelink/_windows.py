"""Window symptoms: facts about *when* something happened, worked out from a report.

A symptom of category ``window`` (``window = { after = "knee_injury", max_days = 7 }``)
is never reported; it is worked out from the symptom it comes ``after`` and the report's
``days_since_injury``, so a rule can ask for "injured in the last 7 days" while another
asks for "in the last 3". :func:`with_windows` adds them to a report before the engine
sees it; the explanation then shows the window as the start of a chain.

>>> from kneelink._schema import Symptom, Window
>>> week = Symptom(id="injured_this_week", label="Injured in the last 7 days", category="window",
...                window=Window(after="knee_injury", max_days=7), cite=("ottawa_knee_rule",))
>>> windows = windows_of({"injured_this_week": week})
>>> sorted(with_windows(SymptomReport(symptoms=["knee_injury"], days_since_injury=2), windows).symptoms)
['injured_this_week', 'knee_injury']
>>> sorted(with_windows(SymptomReport(symptoms=["knee_injury"], days_since_injury=9), windows).absent)
['injured_this_week']
>>> sorted(with_windows(SymptomReport(symptoms=["knee_injury"]), windows).symptoms)  # when: not known, so today
['injured_this_week', 'knee_injury']
"""

from __future__ import annotations

from collections.abc import Mapping

from kneelink._report import SymptomReport
from kneelink._schema import Symptom, Window

# The windows of a pack, by the id of the window symptom.
Windows = Mapping[str, Window]


def windows_of(symptoms: Mapping[str, Symptom]) -> Windows:
    """The window of every window symptom in ``symptoms``."""
    return {id_: symptom.window for id_, symptom in symptoms.items() if symptom.window is not None}


def with_windows(report: SymptomReport, windows: Windows) -> SymptomReport:
    """``report`` with each window present, absent or unknown as its ``after`` symptom and
    the days since the injury say (see :class:`~kneelink.Window`); ``report`` itself when
    no window's ``after`` was answered."""
    present: set[str] = set()
    absent: set[str] = set()
    unknown: set[str] = set()
    for id_, window in windows.items():
        if window.after in report.symptoms:
            (present if window.admits(report.days_since_injury) else absent).add(id_)
        elif window.after in report.absent:
            absent.add(id_)
        elif window.after in report.unknown:
            unknown.add(id_)
    if not (present or absent or unknown):
        return report
    return report.model_copy(
        update={
            "symptoms": report.symptoms | present,
            "absent": report.absent | absent,
            "unknown": report.unknown | unknown,
        }
    )
