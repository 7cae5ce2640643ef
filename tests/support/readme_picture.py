"""Regenerate the README's body map, ``docs/body-map.png``, from the quick-start example.

Run from the repository root (needs Debian's ``chromium``)::

    python tests/support/readme_picture.py [OUTPUT]

``tests/render/test_readme_picture.py`` renders it again and compares it with the committed file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from headless_browser import page, screenshot

from kneelink._answer import Suggestion
from kneelink._pack import default_pack
from kneelink.rendering._body_map import body_map

DEFAULT_OUTPUT = Path("docs") / "body-map.png"
WIDTH = 640


def quick_start_answer() -> Suggestion:
    """The answer of ``examples/quickstart.py``: outer right knee pain, worse downhill, 34."""
    return default_pack().suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)


def picture(answer: Suggestion | None = None) -> bytes:
    """The body map of ``answer`` (default: the quick start's) as a PNG, exactly the size
    of the SVG."""
    svg = body_map(answer or quick_start_answer(), view="both", width=WIDTH)
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    assert size is not None
    return screenshot(page(svg, background=(255, 255, 255)), int(size[1]), int(size[2]))


def main(argv: list[str] | None = None) -> int:
    """Write the picture to ``argv[0]`` (default ``docs/body-map.png``)."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(picture())
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
