"""The documentation site's pages: every Python example runs, every page is in the nav,
and what the pages copy from the pack (the red-flag table) or the repository (the
changelog) is the real thing. ``mkdocs build --strict`` itself runs in CI (``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from paths import ROOT
from test_readme import END, START, red_flag_table

import kneelink

DOCS = ROOT / "docs"
PYTHON = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
# The authoring guide's one Python example runs on the guide's own pack, in test_docs_commands.
PAGES_WITH_EXAMPLES = [path.name for path in sorted(DOCS.glob("*.md")) if path.name != "authoring.md"]


def _run(code: str, name: str, folder: Path, namespace: dict[str, object] | None = None) -> dict[str, object]:
    """Run one example (in ``namespace``, where the page's earlier examples ran, or a new
    one), then every ``test_*`` function it defines."""
    namespace = {"__name__": f"docs_example_{folder.name}"} if namespace is None else namespace
    exec(compile(code, name, "exec"), namespace)
    for key, value in list(namespace.items()):
        if key.startswith("test_") and callable(value):
            value()
    return namespace


@pytest.mark.parametrize(
    "page", [page for page in PAGES_WITH_EXAMPLES if PYTHON.search((DOCS / page).read_text(encoding="utf-8"))]
)
def test_every_python_example_on_the_site_runs(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's examples run in order in one namespace, as a reader would type them, in a
    folder where ``path/to/rules`` (the placeholder the examples load) is the default pack."""
    shutil.copytree(ROOT / "rules", tmp_path / "path" / "to" / "rules")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for number, code in enumerate(PYTHON.findall((DOCS / page).read_text(encoding="utf-8")), start=1):
        _run(code, f"docs/{page} example {number}", tmp_path, namespace)


def test_the_pages_have_examples_to_run() -> None:
    counts = {page: len(PYTHON.findall((DOCS / page).read_text(encoding="utf-8"))) for page in PAGES_WITH_EXAMPLES}
    assert counts["index.md"] >= 3
    assert counts["testing.md"] == 1
    assert counts["api.md"] >= 5
    assert counts["interview.md"] == 1


@pytest.mark.parametrize("document", ["docs/testing.md"])
def test_the_testing_example_holds_for_every_report_it_draws(
    document: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The property the testing page shows (issue 23: as first written it
    drew children, whose knee pain is a reason to see a doctor, and failed)."""
    monkeypatch.chdir(tmp_path)
    examples = [code for code in PYTHON.findall((ROOT / document).read_text(encoding="utf-8")) if "@given" in code]
    assert len(examples) == 1
    namespace = _run(examples[0], document, tmp_path)
    assert "test_no_red_flag_symptom_no_referral" in namespace


def test_the_testing_example_as_first_written_fails() -> None:
    """So the test above can fail: without the age bound, Hypothesis finds a child."""
    from hypothesis import given, settings

    from kneelink.testing import reports

    @settings(database=None, derandomize=True)
    @given(reports(red_flags=False))
    def as_first_written(report: kneelink.SymptomReport) -> None:
        assert kneelink.suggest_regions(report).triage == "self_care"

    with pytest.raises(AssertionError):
        as_first_written()


def test_the_safety_page_red_flag_table_is_the_packs() -> None:
    text = (DOCS / "safety.md").read_text(encoding="utf-8")
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == red_flag_table(kneelink.default_pack())


def test_every_page_is_in_the_nav_and_every_nav_entry_is_a_page() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r"^  - [^:]+: (\S+\.md)$", config, re.M)
    assert sorted(nav) == sorted(path.name for path in DOCS.glob("*.md"))
    assert "strict: true" in config


def test_the_changelog_page_is_the_changelog() -> None:
    assert (DOCS / "changelog.md").read_text(encoding="utf-8").strip() == '--8<-- "CHANGELOG.md"'
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    assert "## [Unreleased]" in changelog
