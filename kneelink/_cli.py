"""The ``kneelink`` command (``kneelink --help`` says what each subcommand does).

``kneelink ask`` (an interview) and ``kneelink suggest --text`` live in
:mod:`kneelink._interview_cli`, registered at the end of :func:`_parser`.

Errors print one line, ``kneelink: error: ...``, on stderr and exit with status 2; with
``--json`` they are one JSON object on stderr instead (stdout stays empty), so a script
reads an answer from stdout or an error from stderr, never a mixture.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
import typing
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn, TextIO

from kneelink._answer import Suggestion
from kneelink._errors import KneelinkError, RenderError, ReportError, UnknownIdError
from kneelink._escape import terminal
from kneelink._pack import RulePack, default_pack, id_form, load_pack
from kneelink.rendering._text import answer_text

DESCRIPTION = (
    "Suggest the hip and leg regions to foam-roll for knee symptoms, with the reasons; "
    "check and measure rule packs. kneelink is not medical advice and does not diagnose."
)


class CommandError(Exception):
    """A command that cannot run as asked, for a reason outside kneelink's own errors."""


def _pack(path: str | None) -> RulePack:
    return load_pack(path) if path else default_pack()


def add_pack_option(command: argparse.ArgumentParser) -> None:
    """``--pack DIR``, which every subcommand that reads a pack takes."""
    command.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")


def _symptom_id(pack: RulePack, typed: str) -> str:
    """The id a person meant by ``typed``; a contraindication kind gets pointed at its option."""
    as_id = id_form(typed)
    if as_id in pack.content.contraindications and as_id not in pack.symptoms:
        raise CommandError(
            f"{typed!r} is a local contraindication, not a symptom: report it over a region with "
            f"--contraindication {as_id}:REGION (regions: {', '.join(pack.regions)})"
        )
    return pack.resolve_symptom(typed)


def _prepare_suggest(args: argparse.Namespace) -> None:
    """``-`` among the symptoms stands for those on standard input (separated by spaces or
    new lines); ``--fhir`` and ``--cards`` render the plain answer only."""
    args.symptoms = [name for item in args.symptoms for name in (sys.stdin.read().split() if item == "-" else [item])]
    if (args.fhir or args.cards) and (args.text is not None or args.absent or args.unknown):
        raise CommandError("--fhir and --cards take symptom ids only; with --text, --absent or --unknown use --json")


def _suggest(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args.pack)
    symptoms = [_symptom_id(pack, typed) for typed in args.symptoms]
    answer = pack.suggest_regions(symptoms, side=args.side, age=args.age, contraindications=args.contraindication)
    if args.fhir or args.cards:
        from kneelink.interop._cds import cds_cards
        from kneelink.interop._fhir import care_plan

        data = care_plan(answer, pack=pack) if args.fhir else cds_cards(answer)
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write((answer.model_dump_json(indent=2) if args.json else answer_text(answer)) + "\n")
    if args.svg:
        from kneelink.rendering._body_map import body_map

        picture = body_map(answer, view=args.view, pack=pack)
        try:
            Path(args.svg).write_text(picture, encoding="utf-8")
        except OSError as error:
            raise RenderError(f"cannot write the body map to {args.svg!r}: {error.strerror}") from None
    return 0


def _graph(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink.rendering._graph import chain_graph

    pack = _pack(args.pack)
    if args.answer is None:
        out.write(chain_graph(pack, args.format))
        return 0
    try:
        text = sys.stdin.read() if args.answer == "-" else Path(args.answer).read_text(encoding="utf-8")
        answer = Suggestion.model_validate_json(text)
    except OSError as error:
        raise RenderError(f"cannot read the answer {args.answer!r}: {error.strerror}") from None
    except ValueError as error:  # AnswerError, or a file that is not UTF-8
        why = str(error).removeprefix("not a kneelink answer: ")
        raise RenderError(f"{args.answer!r} is not a kneelink answer (`kneelink suggest --json`): {why}") from None
    out.write(chain_graph(answer, args.format, pack=pack, fired_only=args.fired_only))
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink.interop._service import ServiceConfig, default_feedback_path, serve
    from kneelink.interop._trust import load_trust

    config = ServiceConfig(
        trust=load_trust(args.trust) if args.trust else None,
        cors_origins=tuple(args.cors_origin),
        feedback_path=Path(args.feedback_db) if args.feedback_db else default_feedback_path(),
        canonical_base=args.fhir_base,
    )
    serve(
        args.host,
        args.port,
        _pack(args.pack),
        config=config,
        insecure=args.insecure,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        ssl_ca_certs=args.ssl_ca_certs,
        limit_concurrency=args.limit_concurrency,
    )
    return 0


def _feedback(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink.interop._feedback import summary
    from kneelink.interop._service import default_feedback_path

    rows = summary(Path(args.db) if args.db else default_feedback_path())
    if args.json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    if not rows:
        out.write("No feedback stored yet.\n")
        return 0
    out.write(f"{'card kind':32} {'accepted':>9} {'overridden':>11}  override reasons\n")
    for row in rows:
        reasons = "; ".join(f"{r['reason']} ({r['count']})" for r in row["override_reasons"])
        out.write(f"{row['kind']:32} {row['accepted']:>9} {row['overridden']:>11}  {reasons}\n")
    return 0


def _symptoms(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args.pack)
    if args.json:
        listed = {
            "symptoms": [{"id": s.id, "category": s.category, "label": s.label} for s in pack.symptoms.values()],
            "contraindications": [{"id": k.id, "label": k.label} for k in pack.content.contraindications.values()],
        }
        out.write(json.dumps(listed, indent=2, ensure_ascii=False) + "\n")
        return 0
    for symptom in pack.symptoms.values():
        out.write(f"{symptom.id:28} {symptom.category:20} {symptom.label}\n")
    for kind in pack.content.contraindications.values():
        out.write(f"{kind.id:28} {'contraindication':20} {kind.label}\n")
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink._check import check_pack
    from kneelink._loader import default_rules_folder

    report = check_pack(args.path or default_rules_folder())
    if args.json:
        findings = [dataclasses.asdict(finding) for finding in report.findings]
        summary = {"pack": report.pack or report.name, "ok": report.ok, "errors": len(report.errors)}
        summary |= {"warnings": len(report.warnings), "examples_run": report.examples_run, "findings": findings}
        out.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(report.format() + "\n")
    return 0 if report.ok else 1


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write((files("kneelink") / "rule-file.schema.json").read_text(encoding="utf-8"))
    return 0


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import hypothesis  # noqa: F401  (only to know it is there)
    except ModuleNotFoundError as missing:
        if missing.name != "hypothesis":
            raise
        raise CommandError(
            "`kneelink coverage` generates reports with Hypothesis, which is not installed; "
            "pip install 'kneelink[testing]'"
        ) from None
    from kneelink._coverage import generated_coverage
    from kneelink.testing import reports

    pack = _pack(args.pack)
    return generated_coverage(
        pack, reports(pack, contraindications=True), args.reports, args.seed, out, as_json=args.json
    )


def _completion(args: argparse.Namespace, out: TextIO) -> int:
    from kneelink._completion import completion_script

    pack = _pack(args.pack)
    ids = {
        "symptoms": list(pack.symptoms),
        "kinds": list(pack.content.contraindications),
        "regions": list(pack.regions),
    }
    out.write(completion_script(_parser(), args.shell, ids, f"{pack.info.name} {pack.info.version}"))
    return 0


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number (got {text!r})")
    return number


def _contraindication(text: str) -> tuple[str, str]:
    kind, separator, region = text.partition(":")
    if not separator or not kind or not region:
        raise argparse.ArgumentTypeError(f"expected KIND:REGION, such as open_wound:calf (got {text!r})")
    return kind, region


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is a JSON object when the command line asks for JSON."""

    json_errors = False  # set by main() for one run

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            _write_json_error("UsageError", f"{self.prog}: {message}")
            raise SystemExit(2)
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kneelink", description=DESCRIPTION)
    from kneelink import __version__

    parser.add_argument("--version", action="version", version=f"kneelink {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}. {description}")

    suggest = command(
        "suggest",
        "suggest the regions to roll for reported symptoms",
        "Prints red flags first, then each region in treatment order with how to roll it and why, then "
        "what not to roll. A symptom is an id (see `kneelink symptoms`), in any case and with - or spaces "
        "for _, or a label or lay synonym the pack declares, such as 'outer knee pain'.",
    )
    suggest.add_argument(
        "symptoms", nargs="*", metavar="SYMPTOM", help="symptom ids, labels or synonyms; - reads ids from stdin"
    )
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
    output = suggest.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the answer, or an error, as JSON")
    output.add_argument("--fhir", action="store_true", help="print the answer as a FHIR R4 CarePlan (JSON)")
    output.add_argument("--cards", action="store_true", help="print the answer as CDS Hooks cards (JSON)")
    add_pack_option(suggest)
    suggest.add_argument("--svg", metavar="FILE", help="also write the body map (SVG) to FILE")
    suggest.add_argument("--view", choices=["front", "back", "both"], default="both", help="body map view")
    suggest.set_defaults(run=_suggest)

    graph = command(
        "graph",
        "print the chain graph of a pack, or of an answer",
        "Symptoms, derived facts, regions and red flags, with an edge per rule, as Mermaid or Graphviz DOT; "
        "with --answer, the chains that fired are highlighted.",
    )
    graph.add_argument("--answer", metavar="FILE", help="an answer from `kneelink suggest --json` (- for stdin)")
    graph.add_argument("--format", choices=["mermaid", "dot"], default="mermaid", help="graph language")
    graph.add_argument("--fired-only", action="store_true", help="with --answer: only the chains that fired")
    add_pack_option(graph)
    graph.set_defaults(run=_graph)

    serve = command(
        "serve",
        "run the CDS Hooks service",
        "GET /cds-services (discovery), POST /cds-services/kneelink-knee (patient-view, from coded FHIR data), "
        "POST /cds-services/kneelink-knee-symptoms (the org.kneelink.knee-symptoms hook) and their /feedback; "
        "needs pip install 'kneelink[service]'. Beyond loopback it needs --trust (or --insecure).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument(
        "--trust", metavar="FILE", help="trust file (TOML): trusted EHRs, their JWK sets, the service URL"
    )
    serve.add_argument(
        "--insecure", action="store_true", help="listen beyond loopback with no trust file: any client may call"
    )
    serve.add_argument(
        "--cors-origin", action="append", default=[], metavar="ORIGIN", help="a browser origin allowed (repeatable)"
    )
    serve.add_argument("--feedback-db", metavar="FILE", help="SQLite file for card feedback (created on first use)")
    serve.add_argument("--fhir-base", metavar="URL", help="canonical base URL of kneelink's FHIR extensions")
    serve.add_argument("--ssl-certfile", metavar="FILE", help="TLS certificate (PEM)")
    serve.add_argument("--ssl-keyfile", metavar="FILE", help="TLS private key (PEM)")
    serve.add_argument("--ssl-ca-certs", metavar="FILE", help="CA certificates: require client certificates (mTLS)")
    serve.add_argument("--limit-concurrency", type=int, default=100, help="most connections at once (default 100)")
    add_pack_option(serve)
    serve.set_defaults(run=_serve)

    feedback = command(
        "feedback",
        "summarise the feedback clinicians gave on the service's cards",
        "Per kind of card (triage, region:ID, withheld): how often accepted, how often overridden, and why.",
    )
    feedback.add_argument("--db", metavar="FILE", help="the SQLite file `kneelink serve --feedback-db` wrote")
    feedback.add_argument("--json", action="store_true", help="print the summary as JSON")
    feedback.set_defaults(run=_feedback)

    symptoms = command(
        "symptoms",
        "list the symptom ids a pack knows",
        "One line per symptom (id, category, label), then one per local contraindication kind.",
    )
    add_pack_option(symptoms)
    symptoms.add_argument("--json", action="store_true", help="print the list, or an error, as JSON")
    symptoms.set_defaults(run=_symptoms)

    check = command(
        "check",
        "check a rule pack: errors, warnings and its examples",
        "Reports every problem with its file and line, analyses the rules and runs the pack's examples; "
        "exits 1 when there is an error.",
    )
    check.add_argument("path", nargs="?", metavar="DIR", help="the pack folder (default: kneelink's own)")
    check.add_argument("--json", action="store_true", help="print the findings, or an error, as JSON")
    check.set_defaults(run=_check)

    schema = command(
        "schema", "print the JSON Schema of a rule file", "For editors that check TOML against a JSON Schema."
    )
    schema.set_defaults(run=_schema)

    coverage = command(
        "coverage",
        "which rules do generated reports never fire?",
        "Fires reports generated by Hypothesis (the testing extra) at a pack, then names each rule none "
        "fired, with a report that does fire it; exits 1 if a rule can never fire.",
    )
    add_pack_option(coverage)
    coverage.add_argument("--reports", type=_positive, default=500, metavar="N", help="how many reports to generate")
    coverage.add_argument("--seed", type=int, default=0, help="seed for the report generator")
    coverage.add_argument("--json", action="store_true", help="print the rules not fired, or an error, as JSON")
    coverage.set_defaults(run=_coverage)

    completion = command(
        "completion",
        "print a shell completion script",
        'Completes subcommands, options and the pack\'s ids. Use: eval "$(kneelink completion bash)".',
    )
    completion.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete for")
    completion.add_argument("--pack", metavar="DIR", help="complete the ids of this pack instead of the default")
    completion.set_defaults(run=_completion)

    from kneelink._interview_cli import add_interview_commands  # `ask`, and `suggest --text`

    add_interview_commands(commands, suggest, _suggest, answer_text)
    return parser


def _write_json_error(kind: str, message: str, **details: Any) -> None:
    error = {"type": kind, "message": message, **details}
    sys.stderr.write(json.dumps({"error": error}, default=str) + "\n")


def _report(error: Exception, as_json: bool) -> None:
    if not as_json:
        sys.stderr.write(f"kneelink: error: {error}\n")
        return
    details: dict[str, Any] = {}
    if isinstance(error, ReportError):
        details["errors"] = error.errors()
    if isinstance(error, UnknownIdError):
        details["suggestions"] = list(error.suggestions)
    _write_json_error(type(error).__name__, str(error), **details)


class _Terminal(io.TextIOBase):
    """A text stream that shows every control character but newline, bidi control and
    non-character as ``\\uXXXX`` (:func:`kneelink._escape.terminal`) before writing it on:
    whatever a pack or an answer file holds, no ESC or BEL reaches the terminal. In JSON
    output the replacement is the character's own JSON escape, so the JSON is unchanged."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = any(flag in arguments for flag in ("--json", "--fhir", "--cards"))  # stdout holds JSON
    _Parser.json_errors = as_json
    errors = sys.stderr
    sys.stderr = typing.cast(TextIO, _Terminal(errors))  # what the commands and argparse write there
    try:
        args = _parser().parse_args(arguments)
        if args.command == "suggest":
            _prepare_suggest(args)
        status: int = args.run(args, typing.cast(TextIO, _Terminal(out or sys.stdout)))
    except (KneelinkError, CommandError) as error:
        _report(error, as_json)
        return 2
    finally:
        _Parser.json_errors = False
        sys.stderr = errors
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
