"""kneelink's exceptions.

Every error kneelink raises on purpose is a :class:`KneelinkError`, and each one also
subclasses the built-in exception it resembles, so callers can catch either::

    KneelinkError
    ├── ReportError (ValueError)          a symptom report kneelink cannot accept
    │   └── UnknownIdError                an id the rule pack does not define
    │       ├── UnknownSymptomError       ... a symptom id
    │       ├── UnknownRegionError        ... a region id
    │       └── UnknownContraindicationError ... a contraindication id
    ├── PackError (ValueError)            a rule pack that cannot be loaded
    │   ├── RuleFileError                 ... because of one place in one rule file
    │   └── PackMismatchError             an answer paired with a pack other than its own
    ├── RenderError (ValueError)          a picture or export asked for with arguments it cannot take
    ├── AnswerError (ValueError)          an answer read back (JSON) that kneelink could not have given
    └── EngineError (RuntimeError)        durable-rules failed while evaluating a report
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


class KneelinkError(Exception):
    """Base class of every error kneelink raises on purpose.

    Every one pickles as itself, message and fields alike, so an error can cross to
    another process (as :meth:`RulePack.suggest_many <kneelink.RulePack.suggest_many>`'s
    workers send theirs):

    >>> import pickle
    >>> error = pickle.loads(pickle.dumps(UnknownSymptomError("knee_pian", ["knee_pain"], pack="default")))
    >>> str(error), error.suggestions
    ("unknown symptom 'knee_pian' in rule pack 'default'; did you mean 'knee_pain'?", ('knee_pain',))
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls the class with ``args``, the finished message,
        # which subclasses taking other arguments (an id, a path and a line) would take
        # for something else; rebuilt from its message and fields, an error is unchanged.
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(kind: type[KneelinkError], args: tuple[Any, ...], fields: dict[str, Any]) -> KneelinkError:
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(fields)
    return error


class ReportError(KneelinkError, ValueError):
    """A symptom report that kneelink cannot accept (wrong type, bad age or side...).

    :meth:`errors` lists each problem the way pydantic's ``ValidationError.errors()`` does,
    so a web framework can point at the field: ``loc`` (the path to the field, ``()`` for
    the report as a whole), ``msg``, ``type`` and ``input``.
    """

    def __init__(self, message: str, errors: Iterable[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self._errors = [dict(error) for error in errors] or [
            {"loc": (), "msg": message, "type": "invalid_report", "input": None}
        ]

    def errors(self) -> list[dict[str, Any]]:
        """Each problem as a dict: ``loc``, ``msg``, ``type`` and ``input``.

        >>> ReportError("invalid symptom report: age: should be at most 120").errors()[0]["loc"]
        ()
        """
        return [dict(error) for error in self._errors]


class UnknownIdError(ReportError):
    """An id that the rule pack does not define.

    ``value`` is the id as given, ``kind`` what it should have been ("symptom", "region")
    and ``suggestions`` the closest valid ids, best first.
    """

    kind = "id"
    loc: tuple[str | int, ...] = ()  # where the id goes in a report, for errors()

    def __init__(
        self, value: str, suggestions: Iterable[str] = (), *, pack: str = "", valid: Iterable[str] = ()
    ) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        self.pack = pack
        where = f" in rule pack {pack!r}" if pack else ""
        message = f"unknown {self.kind} {value!r}{where}"
        message += did_you_mean(self.suggestions)
        listed = tuple(valid)
        if listed:
            message += f" (valid {self.kind}s: {', '.join(listed)})"
        problem = {"loc": self.loc, "msg": message, "type": f"unknown_{self.kind}", "input": value}
        super().__init__(message, [problem])


class UnknownSymptomError(UnknownIdError):
    """A symptom id that is not in the rule pack's vocabulary."""

    kind = "symptom"
    loc = ("symptoms",)


class UnknownRegionError(UnknownIdError):
    """A region id that is not in the rule pack's vocabulary."""

    kind = "region"
    loc = ("contraindications", "region")


class UnknownContraindicationError(UnknownIdError):
    """A local contraindication id that is not in the rule pack's vocabulary."""

    kind = "contraindication"
    loc = ("contraindications", "kind")


class PackError(KneelinkError, ValueError):
    """A rule pack that cannot be loaded: a missing folder, a clash between files..."""


class RuleFileError(PackError):
    """A problem at one place in one rule file.

    ``path`` and ``line`` (1-based, ``None`` when the problem has no single line) say where;
    ``problem`` says what, without the location; ``code`` names the kind of problem.
    """

    def __init__(self, path: Path | str, line: int | None, problem: str, *, code: str = "invalid") -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.code = code
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class PackMismatchError(PackError):
    """An answer drawn or exported with a rule pack other than the one that made it
    (the pack's name, version or content hash differ); pass the answer's own pack."""


class RenderError(KneelinkError, ValueError):
    """A rendering or export asked for with an argument it cannot take (an unknown view
    or format, a width out of range); the message names the valid choices."""


class AnswerError(KneelinkError, ValueError):
    """An answer read from outside (``Suggestion.model_validate_json``, a request body)
    that is not one kneelink could have given: a wrong shape, or parts that do not fit
    together (a region with no reason, a reason with an empty chain, a triage level its red
    flags do not make), so no rendering could draw it. :meth:`errors` lists each problem as
    pydantic's ``ValidationError.errors()`` does."""

    def __init__(self, message: str, errors: Iterable[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self._errors = [dict(error) for error in errors]

    def errors(self) -> list[dict[str, Any]]:
        """Each problem as a dict: ``loc``, ``msg``, ``type`` and ``input``."""
        return [dict(error) for error in self._errors]


class EngineError(KneelinkError, RuntimeError):
    """durable-rules failed while compiling a pack or evaluating a report.

    The engine is left usable: the failed evaluation's session is always cleaned up.
    """


def closest(value: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates that look most like ``value``, best first.

    >>> closest("lateral_knee_pian", ["lateral_knee_pain", "medial_knee_pain", "cycling"])
    ['lateral_knee_pain', 'medial_knee_pain']
    """
    import difflib  # only an error needs it: kept out of `import kneelink`

    return difflib.get_close_matches(value, list(candidates), n=limit, cutoff=0.6)


def did_you_mean(near: Iterable[str]) -> str:
    """``"; did you mean 'a' or 'b'?"`` for the ``near`` choices, ``""`` for none."""
    listed = " or ".join(map(repr, near))
    return f"; did you mean {listed}?" if listed else ""


_EXCERPT = reprlib.Repr()
_EXCERPT.maxstring = _EXCERPT.maxother = 60
_EXCERPT.maxlist = _EXCERPT.maxtuple = _EXCERPT.maxset = _EXCERPT.maxfrozenset = _EXCERPT.maxdict = 4
_EXCERPT.maxlevel = 2


def excerpt(value: object, limit: int = 80) -> str:
    """A short, printable rendering of any value, for quoting it in an error message.

    Long values are cut, characters that are not printable are escaped, and a value whose
    ``repr`` raises is named by its type, so quoting a bad value never fails.

    >>> excerpt("x" * 500)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    >>> excerpt("line\\x1b[31m")
    "'line\\\\x1b[31m'"
    >>> excerpt(list(range(10**6)))
    '[0, 1, 2, 3, ...]'
    """
    try:
        text = _EXCERPT.repr(value)
    except Exception:
        text = f"<{type(value).__name__} that cannot be shown>"
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."
