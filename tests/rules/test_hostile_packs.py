"""Packs from strangers, answers edited by hand, outputs that cannot be hijacked.

Each finding of the issue (§2 the loader's link race and hard links, §3 pack text reaching
outputs raw, §4 edited answers crashing the renderers, §5 packs without a total size) has
a reproducer run in a subprocess with a timeout and a memory cap (``capped.py``), which
must end cleanly with the right exception. §6 (regular expressions) is
``test_regex_guard.py``. Two Hypothesis fuzzes feed hostile texts through a layered pack
and through edited answers, and parse every output in its own format.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from capped import run_cli, run_python
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from packs import (
    REGION_CALF,
    RULE_ROLL_THE_CALF,
    SCHEMA_VERSION,
    SYMPTOM_KNEE_PAIN,
    header,
    line_with,
    rule_file_error,
    write_pack,
)
from paths import ROOT

import kneelink
from kneelink import _loader
from kneelink._cli import main
from kneelink._escape import UNSAFE, dot_label, mermaid_label
from kneelink.testing import to_toml

PROBE = {
    "pack": header("probe", "0.1"),
    "vocabulary": SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + REGION_CALF,
    "rules": SCHEMA_VERSION + RULE_ROLL_THE_CALF,
}

# --- §2 The loader: a link swapped in mid-load, a hard link -----------------------------------


def test_a_file_swapped_for_a_link_in_a_loop_never_gets_an_outside_file_read(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    outside = tmp_path / "outside.toml"
    outside.write_text(SCHEMA_VERSION + RULE_ROLL_THE_CALF.replace("roll_the_calf", "secret_from_outside"))
    outcome = run_python(
        f"""
        import os, threading, time
        from pathlib import Path
        from kneelink._loader import read_pack

        folder, outside = Path({str(folder)!r}), Path({str(outside)!r})
        good = (folder / "rules.toml").read_text()
        stop = threading.Event()

        def swap():
            turn = 0
            while not stop.is_set():
                temporary = folder / f".swap{{turn % 2}}"  # hidden: never a rule file
                if turn % 2:
                    os.symlink(outside, temporary)
                else:
                    temporary.write_text(good)
                os.replace(temporary, folder / "rules.toml")
                turn += 1

        swapper = threading.Thread(target=swap)
        swapper.start()
        loads = loaded = refused = leaked = 0
        codes = set()
        started = time.monotonic()
        while loads < 3000 and time.monotonic() - started < 30:  # bounded either way
            content, problems = read_pack(folder)
            loads += 1
            if content is not None:
                loaded += 1
                leaked += any(rule.id == "secret_from_outside" for rule in content.rules)
            else:
                refused += 1
                codes.update(problem.code for problem in problems)
                leaked += any("secret_from_outside" in str(problem) for problem in problems)
        stop.set()
        swapper.join()
        print(json.dumps({{"loads": loads, "loaded": loaded, "refused": refused, "leaked": leaked,
                          "codes": sorted(codes)}}))
        """
    )
    assert outcome["leaked"] == 0, outcome
    # The swap really raced the loads: some found the file, some the link, and refused it.
    assert outcome["loaded"] > 0, outcome
    assert outcome["refused"] > 0, outcome
    # Refused as a link out of the folder; or, when the swap lands while the path is being
    # resolved, as a file that cannot be read. Either way nothing of it is read.
    assert "outside-pack" in outcome["codes"], outcome
    assert set(outcome["codes"]) <= {"outside-pack", "unreadable"}, outcome


def test_a_hard_link_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    outside = tmp_path / "outside.toml"
    outside.write_text(SCHEMA_VERSION + RULE_ROLL_THE_CALF.replace("roll_the_calf", "secret_from_outside"))
    os.link(outside, folder / "linked.toml")
    outcome = run_python(f"report(lambda: kneelink.load_pack({str(folder)!r}, engine='native'))")
    assert outcome["raised"] == "RuleFileError", outcome
    assert outcome["code"] == "outside-pack"
    assert str(folder / "linked.toml") in outcome["message"]
    assert "2 hard links" in outcome["message"]
    assert "secret_from_outside" not in outcome["message"]


def test_a_file_a_link_points_at_inside_the_pack_is_read_once_it_has_one_name(tmp_path: Path) -> None:
    # The link is followed (inside the folder); only the file it reaches is checked.
    folder = write_pack(tmp_path / "pack", PROBE)
    (folder / "sub").mkdir()
    (folder / "rules.toml").rename(folder / "sub" / "real.toml")
    (folder / "rules.toml").symlink_to(Path("sub") / "real.toml")
    assert [rule.id for rule in kneelink.load_pack(folder, engine="native").rules] == ["roll_the_calf"]


def test_without_dir_fd_the_opened_file_is_still_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows opens by name (no dir_fd, no O_NOFOLLOW): the checks on the opened file stay.
    monkeypatch.setattr(_loader, "_BY_DESCRIPTOR", False)
    folder = write_pack(tmp_path / "pack", PROBE)
    assert [rule.id for rule in kneelink.load_pack(folder, engine="native").rules] == ["roll_the_calf"]
    os.link(folder / "rules.toml", tmp_path / "elsewhere.toml")
    assert rule_file_error(folder, "rules.toml", None).code == "outside-pack"


# --- §3 Pack text: refused at load when it holds what no output may show ------------------------

REFUSED = {
    "terminal title": ("\x1b]0;pwned\x07", "U+001B"),
    "clear screen": ("\x1b[2J\x1b[31mred", "U+001B"),
    "bell": ("ding\x07", "U+0007"),
    "start of heading": ("a\x01b", "U+0001"),
    "tab": ("a\tb", "U+0009"),
    "C1 CSI": ("a\x9b31mb", "U+009B"),
    "non-character": ("a\ufffeb", "U+FFFE"),
    "non-character in a plane": ("a\U0001ffffb", "U+1FFFF"),
    "right-to-left override": ("evil\u202etxt.exe", "U+202E"),
    "isolate": ("a\u2066b", "U+2066"),
}


@pytest.mark.parametrize(("text", "code_point"), REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("field", ["label", "body_area"])
def test_hostile_text_is_refused_with_file_line_and_code_point(
    tmp_path: Path, text: str, code_point: str, field: str
) -> None:
    # Written as the character itself where TOML allows that, else as its escape.
    quoted = json.dumps(text, ensure_ascii=False)  # TOML escapes controls as JSON does; the rest is written as is
    region = REGION_CALF.replace(f'{field} = "{"Calf" if field == "label" else "calf"}"', f"{field} = {quoted}")
    vocabulary = SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + region
    folder = write_pack(tmp_path / "pack", PROBE, vocabulary=vocabulary)
    error = rule_file_error(folder, "vocabulary.toml", line_with(vocabulary, f"{field} = {quoted}"))
    assert f"`{field}`" in error.problem
    assert f"holds {code_point}" in error.problem
    assert UNSAFE.search(str(error)) is None


def test_a_pack_description_and_a_source_address_are_checked_too(tmp_path: Path) -> None:
    pack = header("probe", "0.1") + 'description = "a\\u001bb"\n'
    folder = write_pack(tmp_path / "pack", PROBE, pack=pack)
    assert "holds U+001B" in rule_file_error(folder, "pack.toml", line_with(pack, "description")).problem
    pack = header("probe", "0.1").replace('citation = "kneelink\'s test suite"\n', 'address = "https://x/\\u202e"\n', 1)
    folder = write_pack(tmp_path / "other", PROBE, pack=pack)
    with pytest.raises(kneelink.RuleFileError, match="holds U\\+202E"):
        kneelink.load_pack(folder)


def test_the_cli_prints_no_escape_from_a_hostile_pack(tmp_path: Path) -> None:
    region = REGION_CALF.replace('label = "Calf"', 'label = "\\u001b]0;pwned\\u0007Calf\\u001b[2J"')
    folder = write_pack(tmp_path / "evil", PROBE, vocabulary=SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + region)
    for command in (["symptoms", "--pack", str(folder)], ["suggest", "knee_pain", "--pack", str(folder)]):
        done = run_cli(*command)
        assert done.returncode == 2
        assert done.stderr.startswith("kneelink: error: ")
        assert "holds U+001B" in done.stderr
        assert "\x1b" not in done.stdout + done.stderr
        assert "\x07" not in done.stdout + done.stderr
    done = run_cli("check", str(folder))
    assert done.returncode == 1
    assert "holds U+001B" in done.stdout
    assert "\x1b" not in done.stdout + done.stderr


# --- §3 Every output escapes anyway: parsed in its own format ------------------------------------

NASTY = [
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[31m",
    "\x07",
    "\x01",
    "\x9b31m",
    "\ufffe",
    "\u202e",
    "<script>alert(1)</script>",
    "](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "\n# Heading\n",
    "\n- item\n",
    "**bold** _em_ `code`",
    "![x](https://example.invalid/x.png)",
    "<!-- comment -->",
    "&amp; &#x3C; &lt;",
    "| a | b |",
    '"quoted" \\ back',
    "]]> <![CDATA[",
    "#quot; |bar| {{braces}}",
]
# Only what a shared test can write into TOML: no lone surrogates (UTF-8 cannot hold them),
# and no astral characters (kneelink.testing.to_toml writes JSON escapes, which TOML reads
# only for the Basic Multilingual Plane).
_CHARACTERS = st.characters(max_codepoint=0xFFFF, codec="utf-8")
HOSTILE = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(_CHARACTERS, max_size=6), st.sampled_from(["Calf", " ", "a b"])),
    min_size=1,
    max_size=5,
).map("".join)

# Markdown a card may use: paragraphs, lists, bold, emphasis, code spans. Never a link, an
# image, raw HTML, a heading, a code block or a table made by pack text.
CARD_TOKENS = {
    "paragraph_open",
    "paragraph_close",
    "inline",
    "text",
    "text_special",
    "softbreak",
    "strong_open",
    "strong_close",
    "em_open",
    "em_close",
    "code_inline",
    "bullet_list_open",
    "bullet_list_close",
    "list_item_open",
    "list_item_close",
}
SVG = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {f"{SVG}{tag}" for tag in ("svg", "title", "desc", "rect", "g", "path", "text", "tspan", "circle", "line")}


def _hostile_pack(folder: Path, text: str) -> Path:
    """A pack layered on the default one whose every text is ``text``: a symptom that
    suggests a region of its own, and raises a red flag withholding the calf."""
    cite = ["nhs_dvt"]
    document: dict[str, object] = {
        "schema_version": 2,
        "symptom": [
            {"id": "hostile_symptom", "label": text, "question": text, "category": "aggravating_factor", "cite": cite}
        ],
        "region": [
            {
                "id": "hostile_region",
                "label": text,
                "body_area": text,
                "order": 99,
                "how_to_roll": text,
                "how_to_roll_cite": cite,
                "cite": cite,
            }
        ],
        "red_flag": [
            {
                "id": "hostile_flag",
                "label": text,
                "level": "consultation",
                "message": text,
                "withhold": ["calf"],
                "cite": cite,
            }
        ],
        "rule": [
            {
                "id": "hostile_suggests",
                "summary": text,
                "when": {"all": ["hostile_symptom"]},
                "suggest": ["hostile_region"],
                "role": "primary",
                "caveat": text,
                "extension": True,
                "cite": cite,
            },
            {
                "id": "hostile_flags",
                "summary": text,
                "when": {"all": ["hostile_symptom"]},
                "red_flag": "hostile_flag",
                "extension": True,
                "cite": cite,
            },
        ],
    }
    return write_pack(folder, pack=header("hostile", "1", extends="default"), hostile=to_toml(document))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *_strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _words(text: str) -> list[str]:
    """What a reader must still see of ``text`` in an output: its words, once the
    characters outputs drop are gone."""
    return UNSAFE.sub("", text).split()


def _check_outputs(answer: kneelink.Suggestion, pack: kneelink.RulePack, shown: str | None) -> None:
    """Every rendering of ``answer`` parses in its own format, and holds ``shown``'s
    words as text where it is given (not for text the loader refused)."""
    svg = ET.fromstring(kneelink.body_map(answer, pack=pack))
    assert {element.tag for element in svg.iter()} <= SVG_TAGS
    drawn = " ".join(" ".join(element.itertext()) for element in svg.iter(f"{SVG}text"))
    parser = MarkdownIt("commonmark")
    for card in kneelink.cds_cards(answer):
        assert UNSAFE.search(card["summary"] + card["source"]["label"]) is None
        tokens = parser.parse(card["detail"])
        kinds = {token.type for token in tokens} | {child.type for t in tokens for child in t.children or ()}
        assert kinds <= CARD_TOKENS, card["detail"]
        rendered = parser.render(card["detail"])
        assert "<script" not in rendered
        assert not any("javascript:" in link for link in re.findall(r'href="[^"]*"', rendered))
    plan = json.loads(json.dumps(kneelink.care_plan(answer, pack=pack)))
    assert all(UNSAFE.search(string) is None for string in _strings(plan))
    assert UNSAFE.search(kneelink.answer_text(answer)) is None
    if shown is not None:
        details = " ".join(card["detail"] for card in kneelink.cds_cards(answer))
        plain_details = " ".join("".join(child.content for child in t.children or ()) for t in parser.parse(details))
        fhir_text = " ".join(_strings(plan))
        for word in _words(shown):
            assert word in drawn, (word, drawn)
            assert word in plain_details, (word, plain_details)
            assert word in fhir_text, word


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE)
def test_a_layered_pack_with_hostile_text_is_refused_or_every_output_escapes_it(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = _hostile_pack(tmp_path_factory.mktemp("hostile"), text)
    refusal: kneelink.RuleFileError | None = None
    try:
        pack = kneelink.load_pack(folder, engine="native", cache_size=0)
    except kneelink.RuleFileError as error:
        refusal = error
    if refusal is not None:
        # Refused only for a reason in the text itself: a character no pack text may
        # hold, named as U+XXXX, or a text that is blank; never echoing the character.
        assert refusal.path == folder / "hostile.toml"
        assert refusal.line is not None
        assert re.search(
            r"holds U\+[0-9A-F]{4,6} |cannot be blank|cannot be empty|braces only around a place name|unknown place",
            refusal.problem,
        )
        assert UNSAFE.search(str(refusal)) is None
        # Braces that name no place are refused too (a message's places are {emergency_number}...).
        assert UNSAFE.search(text) is not None or not text.strip() or "{" in text or "}" in text
    else:
        loaded = pack.content
        texts = [loaded.regions["hostile_region"].label, loaded.red_flags["hostile_flag"].message]
        assert all(UNSAFE.search(held) is None for held in texts)  # what loads is clean
        answer = pack.suggest_regions(["hostile_symptom"])
        assert answer.region_ids == ("hostile_region",)
        assert [held.region for held in answer.withheld] == ["calf"]
        _check_outputs(answer, pack, text)
        for command in (["suggest", "hostile_symptom", "--pack", str(folder)], ["symptoms", "--pack", str(folder)]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stderr(err):
                assert main(command, out=out) == 0, err.getvalue()
            assert "\x1b" not in out.getvalue() + err.getvalue()
            assert "\x07" not in out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def full_answer() -> dict[str, Any]:
    """An answer with a region, a withheld region and every text field, as JSON data."""
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right", contraindications=[("open_wound", "calf")])
    assert answer.regions
    assert answer.withheld
    data: dict[str, Any] = json.loads(answer.model_dump_json())
    return data


_TEXT_KEYS = {"label", "body_area", "summary", "caveat", "how_to_roll", "reason", "message", "advice", "source"}


def _edited(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        return {
            key: text if key in _TEXT_KEYS and isinstance(item, str) else _edited(item, text)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_edited(item, text) for item in value]
    return value


@settings(max_examples=60)
@given(text=st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), min_size=1, max_size=5).map("".join))
def test_an_answer_edited_with_hostile_text_still_renders_as_valid_documents(
    full_answer: dict[str, Any], text: str
) -> None:
    # Defence in depth: an answer read back from JSON never met the loader's check.
    answer = kneelink.Suggestion.model_validate_json(json.dumps(_edited(full_answer, text)))
    _check_outputs(answer, kneelink.default_pack(), None)


def test_graph_labels_cannot_leave_their_quotes() -> None:
    hostile = 'a"] --> x; "b\\" \n|c| #quot; <x> \x1b'
    label = mermaid_label(hostile)
    for character in '"|\n\x1b[]':
        assert character not in label
    assert re.fullmatch(r'(?:[^"\\]|\\.)*', dot_label(hostile))  # every quote and backslash escaped
    assert "\n" not in dot_label(hostile)


# --- §4 Edited answers: refused when read, never an IndexError or a KeyError ----------------------


def _edit(answer: dict[str, Any], case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(answer))
    region = data["regions"][0]
    if case == "empty chain":
        region["reasons"][0]["chain"] = []
    elif case == "no reasons":
        region["reasons"] = []
    elif case == "triage without a red flag":
        data["triage"] = "emergency"
    elif case == "a region twice":
        data["regions"].append(region)
    elif case == "suggested and withheld":
        data["withheld"][0]["region"] = region["region"]
    return data


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("empty chain", "has an empty chain"),
        ("no reasons", "is suggested with no reason"),
        ("triage without a red flag", "triage is 'emergency' but no red flag was raised, which makes it 'self_care'"),
        ("a region twice", "is suggested twice"),
        ("suggested and withheld", "is both suggested and withheld"),
    ],
)
def test_an_inconsistent_answer_is_an_answer_error_when_read(
    tmp_path: Path, full_answer: dict[str, Any], case: str, words: str
) -> None:
    document = json.dumps(_edit(full_answer, case))
    outcome = run_python(f"report(lambda: kneelink.Suggestion.model_validate_json({document!r}))")
    assert outcome["raised"] == "AnswerError", outcome
    assert words in outcome["message"]
    outcome = run_python(f"report(lambda: kneelink.Suggestion.model_validate(json.loads({document!r})))")
    assert outcome["raised"] == "AnswerError", outcome
    (tmp_path / "bad.json").write_text(document)
    done = run_cli("graph", "--answer", str(tmp_path / "bad.json"))
    assert done.returncode == 2
    assert done.stderr.startswith("kneelink: error: ")
    assert words in done.stderr


@pytest.mark.parametrize(
    "call", ["kneelink.care_plan(a)", "kneelink.body_map(a)", "kneelink.chain_graph(a)", "kneelink.cds_cards(a)"]
)
@pytest.mark.parametrize("where", ["regions", "withheld"])
def test_a_region_the_pack_lacks_is_a_render_error(full_answer: dict[str, Any], call: str, where: str) -> None:
    data = json.loads(json.dumps(full_answer))
    data[where][0]["region"] = "nowhere"
    outcome = run_python(f"a = kneelink.Suggestion.model_validate_json({json.dumps(data)!r})\nreport(lambda: {call})")
    if call == "kneelink.cds_cards(a)":  # cards need no pack: they show what the answer says
        assert outcome["raised"] is None, outcome
    else:
        assert outcome["raised"] == "RenderError", outcome
        assert "region 'nowhere'" in outcome["message"]


@pytest.mark.parametrize(
    "call", ["kneelink.cds_cards(a)", "kneelink.chain_graph(a)", "kneelink.care_plan(a)", "kneelink.body_map(a)"]
)
def test_an_answer_built_without_validation_is_a_render_error(call: str) -> None:
    outcome = run_python(
        f"""
        good = kneelink.suggest_regions(["lateral_knee_pain"])
        region = good.regions[0].model_copy(update={{"reasons": ()}})  # model_copy does not validate
        a = good.model_copy(update={{"regions": (region, *good.regions[1:])}})
        report(lambda: {call})
        """
    )
    assert outcome["raised"] == "RenderError", outcome
    assert "suggested with no reason" in outcome["message"]


def test_the_cli_refuses_an_answer_that_is_not_json(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"regions": [')
    done = run_cli("graph", "--answer", str(tmp_path / "bad.json"))
    assert done.returncode == 2
    assert "not a kneelink answer" in done.stderr


# --- §5 A total budget -----------------------------------------------------------------------------


def test_many_small_files_are_over_the_files_budget(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE)
    for index in range(1_000):
        (folder / f"empty-{index:04d}.toml").write_text(SCHEMA_VERSION)
    outcome = run_python(f"report(lambda: kneelink.load_pack({str(folder)!r}, engine='native'))")
    assert outcome["raised"] == "PackError", outcome
    assert "budget of 1,000 files (1,003 so far)" in outcome["message"]
    assert "budget=kneelink.PackBudget(files=...)" in outcome["message"]
    pack = kneelink.load_pack(folder, engine="native", budget=kneelink.PackBudget(files=2_000))
    assert [rule.id for rule in pack.rules] == ["roll_the_calf"]


def _tiny_rules(start: int, count: int, prefix: str = "r") -> str:
    rule = (
        '[[rule]]\nid="{}"\nsummary="x"\nwhen={{all=["knee_pain"]}}\nsuggest=["calf"]\nrole="primary"\n'
        'cite=["article#14"]\n'
    )
    return SCHEMA_VERSION + "".join(rule.format(f"{prefix}{index}") for index in range(start, start + count))


def test_a_million_tiny_rules_stop_at_the_rules_budget_in_bounded_memory(tmp_path: Path) -> None:
    # The 1,000,000 rules in 57 files took minutes and gigabytes; the budget stops
    # reading once the pack is past it, under the capped subprocess's memory.
    folder = write_pack(tmp_path / "pack", PROBE)
    for index in range(57):  # 17,544 rules a file: 1,000,008 in all, and one in rules.toml
        (folder / f"tiny-{index:02d}.toml").write_text(_tiny_rules(0, 17_544, prefix=f"f{index}r"))
    outcome = run_python(f"report(lambda: kneelink.load_pack({str(folder)!r}, engine='native'))")
    assert outcome["raised"] == "PackError", outcome
    assert "budget of 50,000 rules (52,633 so far)" in outcome["message"]


@pytest.mark.parametrize(
    ("budget", "words"),
    [
        ("rules=100", "budget of 100 rules (150 so far)"),
        ("conditions=120", "budget of 120 conditions (150 so far)"),
        ("bytes=5_000", "budget of 5,000 bytes"),
    ],
)
def test_each_budget_is_named_with_the_count(tmp_path: Path, budget: str, words: str) -> None:
    folder = write_pack(tmp_path / "pack", PROBE, rules=_tiny_rules(0, 50))
    for index in (1, 2):
        (folder / f"more-{index}.toml").write_text(_tiny_rules(index * 50, 50))
    outcome = run_python(
        f"report(lambda: kneelink.load_pack({str(folder)!r}, engine='native', budget=kneelink.PackBudget({budget})))"
    )
    assert outcome["raised"] == "PackError", outcome
    assert words in outcome["message"]
    assert len(kneelink.load_pack(folder, engine="native").rules) == 150  # the default budget holds it


@pytest.mark.parametrize(
    ("call", "words"),
    [
        ("kneelink.PackBudget(rules=0)", "PackBudget rules must be a whole number, 1 or more; got 0"),
        ("kneelink.PackBudget(files=True)", "PackBudget files must be a whole number"),
        ("kneelink.load_pack('.', budget=5)", "budget= takes a kneelink.PackBudget or None, not int 5"),
    ],
)
def test_a_bad_budget_is_a_pack_error(call: str, words: str) -> None:
    with pytest.raises(kneelink.PackError) as caught:
        eval(call)
    assert words in str(caught.value)


def test_the_20000_rule_benchmark_pack_fits_the_default_budget(tmp_path: Path) -> None:
    benchmarks = ROOT / "benchmarks"
    outcome = run_python(
        f"""
        sys.path.insert(0, {str(benchmarks)!r})
        from pathlib import Path
        from bench_suggest import generated_pack_document, write_pack
        from kneelink._loader import read_pack
        folder = Path({str(tmp_path)!r})
        write_pack(folder, generated_pack_document(20_000))
        report(lambda: len(read_pack(folder)[0].rules))
        """
    )
    assert outcome == {"raised": None, "result": 20_000}


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="the reproducers use fork, symlinks and resource limits")
