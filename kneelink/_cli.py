"""The ``kneelink`` command.

- ``kneelink suggest SYMPTOM... [--side] [--age] [--contraindication KIND:REGION]...
  [--json] [--pack DIR]``: a suggestion (``--text``, ``--absent``, ``--unknown``: see
  :mod:`kneelink._interview_cli`).
- ``kneelink ask [--text TEXT] [--json]``: an interactive interview.
- ``kneelink symptoms [--pack DIR]``: the symptom ids (and contraindication kinds) a pack knows.
- ``kneelink check [DIR]``: static analysis of a pack and its examples; exit 1 on errors.
- ``kneelink schema``: the JSON Schema of a rule file.
- ``kneelink coverage [--pack DIR] [--reports N]``: rules that generated reports never fire.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from importlib.resources import files
from typing import TextIO

from kneelink._answer import Suggestion
from kneelink._errors import KneelinkError
from kneelink._pack import RulePack, default_pack, load_pack

DISCLAIMER = "kneelink is not medical advice and does not diagnose. If in doubt, see a clinician."


def _pack(path: str | None) -> RulePack:
    return load_pack(path) if path else default_pack()


def format_suggestion(answer: Suggestion) -> str:
    """A suggestion as text a person can read."""
    lines: list[str] = []
    if answer.red_flags:
        lines.append(f"TRIAGE: {answer.triage.replace('_', ' ').upper()}")
        for flag in answer.red_flags:
            lines.append(f"  ! {flag.label}: {flag.message}")
            lines.append(f"    ({flag.source})")
        lines.append("")
    if answer.regions:
        lines.append("Regions to roll, in this order:")
    for number, region in enumerate(answer.regions, start=1):
        side = "" if region.side == "unspecified" else f", {region.side} side"
        lines.append(f"{number}. {region.label} [{region.role}{side}]")
        if region.how_to_roll:
            how = textwrap.fill(region.how_to_roll, width=88, initial_indent="   How: ", subsequent_indent="        ")
            lines.append(how)
        for reason in region.reasons:
            extension = " (extension beyond the article)" if reason.extension else ""
            lines.append(f"   Why: {' -> '.join(reason.chain)}")
            lines.append(f"        {reason.summary} [{reason.rule}; {reason.source}{extension}]")
    if not answer.regions and not answer.red_flags:
        lines.append("Nothing in this report points at a region to roll.")
    for held in answer.withheld:
        lines.append(f"Do not roll: {held.label}. {held.reason}")
    lines.append("")
    lines.append(f"Rule pack {answer.pack.name} {answer.pack.version}. {DISCLAIMER}")
    return "\n".join(lines)


def _suggest(args: argparse.Namespace, out: TextIO) -> int:
    answer = _pack(args.pack).suggest_regions(
        args.symptoms, side=args.side, age=args.age, contraindications=args.contraindication
    )
    out.write((answer.model_dump_json(indent=2) if args.json else format_suggestion(answer)) + "\n")
    return 0


def _symptoms(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args.pack)
    for symptom in pack.symptoms.values():
        out.write(f"{symptom.id:28} {symptom.category:20} {symptom.label}\n")
    for kind in pack.content.contraindications.values():
        out.write(f"{kind.id:28} {'contraindication':20} {kind.label}\n")
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink._check import check_pack
    from kneelink._loader import default_rules_folder

    report = check_pack(args.path or default_rules_folder())
    out.write(report.format() + "\n")
    return 0 if report.ok else 1


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write((files("kneelink") / "rule-file.schema.json").read_text(encoding="utf-8"))
    return 0


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink._coverage import generated_coverage

    return generated_coverage(_pack(args.pack), args.reports, args.seed, out)


def _contraindication(text: str) -> tuple[str, str]:
    kind, separator, region = text.partition(":")
    if not separator or not kind or not region:
        raise argparse.ArgumentTypeError(f"expected KIND:REGION, such as open_wound:calf (got {text!r})")
    return kind, region


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kneelink", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)

    suggest = commands.add_parser("suggest", help="suggest regions to roll for reported symptoms")
    suggest.add_argument("symptoms", nargs="*", metavar="SYMPTOM", help="symptom ids (see `kneelink symptoms`)")
    suggest.add_argument("--side", choices=["left", "right", "both"], help="which knee hurts")
    suggest.add_argument("--age", type=int, help="age in whole years")
    suggest.add_argument(
        "--contraindication",
        action="append",
        default=[],
        type=_contraindication,
        metavar="KIND:REGION",
        help="a local contraindication over a region, e.g. open_wound:calf (repeatable)",
    )
    suggest.add_argument("--json", action="store_true", help="print the answer as JSON")
    suggest.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")
    suggest.set_defaults(run=_suggest)

    symptoms = commands.add_parser("symptoms", help="list the symptom ids a pack knows")
    symptoms.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")
    symptoms.set_defaults(run=_symptoms)

    check = commands.add_parser("check", help="check a rule pack: errors, warnings and its examples")
    check.add_argument("path", nargs="?", metavar="DIR", help="the pack folder (default: kneelink's own)")
    check.set_defaults(run=_check)

    schema = commands.add_parser("schema", help="print the JSON Schema of a rule file")
    schema.set_defaults(run=_schema)

    coverage = commands.add_parser("coverage", help="which rules do generated reports never fire?")
    coverage.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")
    coverage.add_argument("--reports", type=int, default=500, metavar="N", help="how many reports to generate")
    coverage.add_argument("--seed", type=int, default=0, help="seed for the report generator")
    coverage.set_defaults(run=_coverage)

    from kneelink._interview_cli import add_interview_commands  # `ask`, and `suggest --text`

    add_interview_commands(commands, suggest, _suggest, format_suggestion)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input)."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args, out or sys.stdout)
    except KneelinkError as error:
        sys.stderr.write(f"kneelink: error: {error}\n")
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
