"""Every warning-sign phrase of the pack in every everyday frame: how many read the sign absent.

Run from the repository root::

    .venv/bin/python benchmarks/scan_frames.py            # the default pack, tests/data/warning_frames.txt
    .venv/bin/python benchmarks/scan_frames.py --pack rules --show 8 --json

A phrase is each synonym of a ``red_flag`` or ``context`` symptom and each ``[[intake.phrase]]``
that says one present; those that ``kneelink.parse`` does not read present alone are left out
(what the scan asks is whether a frame takes a reading away). A frame is a line of
``tests/data/warning_frames.txt``: everyday words around ``{}`` that deny nothing in it. Any
text read as absent is the worst error the reader can make; the scan prints each frame that
made one, with the phrases it happened to. It prints counts and asserts nothing; the tests
sample the same pairs (``tests/interview/test_intake.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

from warning_frames import frames, read_absent, warning_phrases  # noqa: E402

import kneelink  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pack", type=Path, help="a rule pack folder (default: the shipped pack)")
    parser.add_argument("--show", type=int, default=4, help="phrases shown for each frame that failed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    pack = kneelink.load_pack(args.pack) if args.pack else kneelink.default_pack()
    started = time.perf_counter()
    phrases = [(id_, words) for id_, words in warning_phrases(pack) if id_ in kneelink.parse(words, pack).symptoms]
    failed: dict[str, list[tuple[str, str]]] = {}
    texts = 0
    for frame in frames():
        for id_, words in phrases:
            texts += 1
            if read_absent(pack, id_, words, frame):
                failed.setdefault(frame, []).append((id_, words))
    seconds = time.perf_counter() - started
    if args.json:
        results = {"texts": texts, "phrases": len(phrases), "read_absent": failed, "seconds": seconds}
        print(json.dumps(results, indent=2))
        return
    wrong = sum(len(items) for items in failed.values())
    print(
        f"{len(phrases)} warning-sign phrases x {len(frames())} frames = {texts} texts in {seconds:.0f} s: "
        f"{wrong} read a warning sign as absent, in {len(failed)} frames"
    )
    for frame, items in sorted(failed.items(), key=lambda item: -len(item[1])):
        shown = "; ".join(f"{words!r} ({id_})" for id_, words in items[: args.show])
        print(f"  {len(items):5d}  {frame!r}: {shown}")


if __name__ == "__main__":
    main()
