"""Pack text made safe for each output it reaches: a terminal, XML (the body map's SVG),
Markdown (CDS Hooks card details), Mermaid and DOT labels, and JSON for FHIR.

The loader already refuses control characters, bidi overrides and non-characters in a
pack's texts (:func:`kneelink._schema.plain_text`); these functions escape anyway, for
texts that come another way (an answer read back with ``Suggestion.model_validate_json``,
a pack built in code) and so that one missed check does not let a text take over a terminal
or break a document. This module imports nothing of kneelink's: every layer may use it.

>>> terminal("Calf \\x1b]0;title\\x07")
'Calf \\\\u001b]0;title\\\\u0007'
>>> xml_text("Calf <b>\\x01&")
'Calf &lt;b&gt;&amp;'
>>> markdown("](javascript:alert(1)) <script>")
'\\\\](javascript:alert(1)) \\\\<script\\\\>'
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls but newline, bidi embeddings/overrides/isolates, lone surrogates and
# the non-characters of every plane: what a pack text may not hold.
_NON_CHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
UNSAFE = re.compile(
    f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef{_NON_CHARACTERS}]"
)
# What XML 1.0 cannot hold at all, not even as a character reference.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The characters that can open or close markup in the middle of a line (emphasis, code,
# links and images, HTML and entities, tables, strikethrough); each is backslash-escaped.
# What only opens a block at the start of a line (#, -, +, 1.) cannot: texts go on one line
# and never start it.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&!|~])")
_WHITESPACE_RUN = re.compile(r"\s+")


def _visible(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def terminal(text: str) -> str:
    """``text`` with every control character but newline, bidi control and non-character
    shown as ``\\uXXXX``: nothing a terminal would act on (ESC, BEL) reaches it. In JSON
    text the replacement is the same string's JSON escape, so JSON stays JSON."""
    return UNSAFE.sub(_visible, text)


def xml_text(text: str) -> str:
    """``text`` for XML character data: characters XML 1.0 cannot hold dropped, and ``&``,
    ``<`` and ``>`` escaped."""
    cleaned = _NOT_XML.sub("", UNSAFE.sub("", text))
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    """``text`` as a double-quoted XML attribute value, quotes included."""
    return '"' + xml_text(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


def markdown(text: str) -> str:
    """``text`` as literal inline Markdown: on one line (a newline could open a heading, a
    list or a code block), unsafe characters dropped, and every character that could start
    markup or HTML backslash-escaped, so ``<script>``, ``[x](javascript:...)`` and ``# x``
    show as written."""
    one_line = _WHITESPACE_RUN.sub(" ", UNSAFE.sub("", text)).strip()
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def markdown_code(text: str) -> str:
    """``text`` inside a Markdown code span (an id between backticks): one line, unsafe
    characters dropped, backticks (which would end the span) made quotes."""
    return _WHITESPACE_RUN.sub(" ", UNSAFE.sub("", text)).strip().replace("`", "'")


def json_text(text: str) -> str:
    """``text`` for a JSON string shown to people (a FHIR resource): unsafe characters
    dropped, newlines kept."""
    return UNSAFE.sub("", text)


def json_strings(value: Any) -> Any:
    """``value`` (JSON-ready: dicts, lists, strings...) with :func:`json_text` applied to
    every string in it, keys included."""
    if isinstance(value, str):
        return json_text(value)
    if isinstance(value, dict):
        return {json_text(key) if isinstance(key, str) else key: json_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_strings(item) for item in value]
    return value


def mermaid_label(text: str) -> str:
    """``text`` inside a Mermaid label's double quotes or between ``|`` bars: quotes, bars,
    brackets and ``#`` as Mermaid's entity codes, on one line."""
    one_line = _WHITESPACE_RUN.sub(" ", UNSAFE.sub("", text)).strip()
    return "".join(f"#{ord(char)};" if char in '"|#[]{}()<>;&`' else char for char in one_line)


def dot_label(text: str) -> str:
    """``text`` inside a Graphviz DOT double-quoted string: backslashes and quotes escaped,
    on one line."""
    one_line = _WHITESPACE_RUN.sub(" ", UNSAFE.sub("", text)).strip()
    return one_line.replace("\\", "\\\\").replace('"', '\\"')
