"""A Griffe extension for the docs site: kneelink's docstrings are written in reST for
``help()`` and doctest; this turns the few reST forms they use into Markdown.

- doctest blocks (``>>>`` lines and their output) become ``pycon`` code blocks;
- roles (``:class:`~kneelink.X```, ``:meth:`...```) become inline code;
- ```` `Title <address>`_ ```` links become Markdown links.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|exc|attr|data|obj):`~?([^`<]+?)(?:\s*<[^>]+>)?`")
LINK = re.compile(r"`([^`<]+?)\s*<(https?://[^>]+)>`_")


def _role(match: re.Match[str]) -> str:
    name = match.group(1).strip()
    if match.group(0).split("`", 1)[1].startswith("~"):
        name = name.rsplit(".", 1)[-1]
    return f"`{name}`"


def to_markdown(text: str) -> str:
    """The docstring ``text`` with its reST forms in Markdown."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith(">>>"):
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += ["```pycon", *block, "```"]
            continue
        out.append(lines[i])
        i += 1
    converted = []
    in_code = False
    for line in out:
        if line.startswith("```"):
            in_code = not in_code
        converted.append(line if in_code else LINK.sub(r"[\1](\2)", ROLE.sub(_role, line)))
    return "\n".join(converted)


class RestToMarkdown(griffe.Extension):
    """Rewrite each docstring once it is loaded."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
