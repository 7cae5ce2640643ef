"""Pydantic's validation errors, said in kneelink's words.

Pydantic's messages ("Frozenset should have at least 1 item after validation, not 0")
describe Python types; a person writing a report or a rule file needs to hear what to
write instead. :func:`plain` turns one pydantic error into that, with "did you mean" for a
value outside a fixed set.

>>> from pydantic import BaseModel, ValidationError
>>> from typing import Literal
>>> class M(BaseModel):
...     side: Literal["left", "right"]
>>> try:
...     M(side="rigth")
... except ValidationError as error:
...     print(plain(error.errors()[0]))
should be 'left' or 'right'; did you mean 'right'? (got 'rigth')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kneelink._errors import closest, did_you_mean, excerpt

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

# Pydantic error type -> what to say; ``{name}`` fields come from the error's context.
_SAY = {
    "missing": "is required",
    "extra_forbidden": "is not a field kneelink knows",
    "string_too_short": "cannot be empty",
    "string_too_long": "is longer than {max_length} characters",
    "greater_than_equal": "should be at least {ge}",
    "less_than_equal": "should be at most {le}",
    "greater_than": "should be more than {gt}",
    "less_than": "should be less than {lt}",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "string_type": "should be text",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
    "set_type": "should be a list",
    "frozen_set_type": "should be a list",
    "iterable_type": "should be a list",
    "dict_type": "should be a table of keys and values",
    "model_type": "should be a table of keys and values",
    "model_attributes_type": "should be a table of keys and values",
    "string_pattern_mismatch": "does not match the pattern {pattern}",
}


def choices(error: Mapping[str, Any]) -> list[str]:
    """The values a ``literal_error`` allows, as pydantic lists them in its context."""
    expected = str(error.get("ctx", {}).get("expected", ""))
    return _QUOTED.findall(expected)


def plain(error: Mapping[str, Any], *, too_short: str = "", patterns: Mapping[str, str] | None = None) -> str:
    """One pydantic error as a sentence fragment: what the value should be, then what it was.

    ``too_short`` replaces what is said of a list with too few items; ``patterns`` says in
    words what a regular expression asks for.
    """
    kind = str(error["type"])
    context = dict(error.get("ctx") or {})
    if kind == "string_pattern_mismatch" and str(context.get("pattern")) in (patterns or {}):
        said = (patterns or {})[str(context["pattern"])]
    elif kind == "literal_error":
        expected = str(context.get("expected", ""))
        said = f"should be {expected}"
        valid = choices(error)
        given = error.get("input")
        said += did_you_mean(closest(given, valid, limit=1) if isinstance(given, str) else [])
    elif kind == "too_short":
        said = too_short or "needs at least {min_length} item{plural}".format(
            min_length=context.get("min_length", 1), plural="s" * (context.get("min_length", 1) != 1)
        )
    elif kind == "too_long":
        said = "has more than {max_length} items".format(max_length=context.get("max_length"))
    elif kind in _SAY:
        try:
            said = _SAY[kind].format(**context)
        except (KeyError, IndexError):
            said = str(error["msg"])
    else:
        said = str(error["msg"]).removeprefix("Value error, ")
    if kind not in ("missing", "value_error", "extra_forbidden", "too_short") and not isinstance(
        error.get("input"), (dict, list, tuple)
    ):
        said += f" (got {excerpt(error.get('input'))})"
    return said
