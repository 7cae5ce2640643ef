"""The default pack's content cache (:mod:`kneelink._content_cache`): a second load of the
same files reads back what the first validated, and nothing else ever changes what a load
gives or raises: a changed byte, new code, a damaged, foreign or unwritable cache.

Each test copies the shipped rule files and uses a cache folder of its own.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from packs import header, write_pack

import kneelink
from kneelink import _content_cache
from kneelink._content_cache import KEEP, cache_folder, cached_content
from kneelink._loader import PackContent, default_rules_folder, load_content

REPORT = kneelink.SymptomReport(symptoms=["lateral_knee_pain", "running_downhill"], side="right", age=34)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(str(default_rules_folder()), folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def cached_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pack.pickle")) if cache.is_dir() else []


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a load that reads the rule files fails the test."""

    def fail(folder: object) -> PackContent:
        raise AssertionError(f"{folder} was parsed, not read from the cache")

    monkeypatch.setattr(_content_cache, "load_content", fail)


def test_a_second_load_reads_the_cache_and_gives_the_same_content_and_answers(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached_content(rules, cache)
    assert len(cached_files(cache)) == 1
    no_parsing(monkeypatch)
    again = cached_content(rules, cache)
    fresh = load_content(rules)
    assert again == first == fresh
    assert again.locations == fresh.locations
    assert again.location("rule", fresh.rules[3].id) == fresh.location("rule", fresh.rules[3].id)
    assert kneelink.RulePack(again).suggest_regions(REPORT) == kneelink.RulePack(fresh).suggest_regions(REPORT)


def test_a_changed_byte_is_read_from_the_files(rules: Path, cache: Path) -> None:
    cached_content(rules, cache)
    chain = rules / "chain.toml"
    chain.write_text(chain.read_text(encoding="utf-8").replace("is knee pain.", "is knee pain!"), encoding="utf-8")
    changed = cached_content(rules, cache)
    assert changed == load_content(rules)
    assert changed.rules[0].summary.endswith("is knee pain!")
    assert len(cached_files(cache)) == 2


def test_a_broken_file_raises_what_an_uncached_load_raises_and_is_never_cached(rules: Path, cache: Path) -> None:
    cached_content(rules, cache)
    chain = rules / "chain.toml"
    chain.write_text(chain.read_text(encoding="utf-8").replace('derive = ["knee_pain_reported"]', ""), encoding="utf-8")
    with pytest.raises(kneelink.RuleFileError) as uncached:
        load_content(rules)
    with pytest.raises(kneelink.RuleFileError) as through_cache:
        cached_content(rules, cache)
    assert str(through_cache.value) == str(uncached.value)
    assert (through_cache.value.path, through_cache.value.line) == (uncached.value.path, uncached.value.line)
    assert len(cached_files(cache)) == 1  # the good version's, from before


def test_a_folder_that_is_no_pack_raises_the_same_error(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(kneelink.PackError, match=r"holds no \.toml rule files") as error:
        cached_content(tmp_path, cache)
    assert "no .toml" in str(error.value)
    assert cached_files(cache) == []


def test_a_damaged_cache_file_is_ignored_and_replaced(rules: Path, cache: Path) -> None:
    good = cached_content(rules, cache)
    [place] = cached_files(cache)
    place.write_bytes(place.read_bytes()[:100])  # a write cut short
    assert cached_content(rules, cache) == good
    assert pickle.loads(place.read_bytes())["content_hash"] == good.content_hash  # rewritten whole


def test_a_cache_file_someone_else_could_write_is_not_read(
    rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = cached_content(rules, cache)
    [place] = cached_files(cache)
    fields = pickle.loads(place.read_bytes())
    fields["header"] = fields["header"].model_copy(update={"description": "planted"})
    place.write_bytes(pickle.dumps(fields))
    no_parsing(monkeypatch)
    assert cached_content(rules, cache).header.description == "planted"  # the user's own file is trusted
    monkeypatch.undo()
    place.chmod(0o666)
    assert cached_content(rules, cache) == good
    cache.chmod(0o777)
    place.unlink()
    cached_content(rules, cache)
    assert cached_files(cache) == []  # nor written into a folder others can write


def test_an_unwritable_cache_folder_only_means_no_cache(rules: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cached_content(rules, blocker / "cache") == load_content(rules)
    assert list(tmp_path.glob("**/*.pack.pickle")) == []


def test_a_pack_that_extends_another_is_not_cached(tmp_path: Path, cache: Path) -> None:
    folder = write_pack(tmp_path / "mine", pack=header("mine", "1", extends="default"))
    assert cached_content(folder, cache) == load_content(folder)
    assert cached_files(cache) == []


def test_new_code_is_a_new_key(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "package"
    (package / "engines").mkdir(parents=True)
    (package / "_schema.py").write_text("x = 1\n", encoding="utf-8")
    (package / "engines" / "_native.py").write_text("y = 1\n", encoding="utf-8")
    monkeypatch.setattr(_content_cache, "_PACKAGE", package)
    files = [("a.toml", b"schema_version = 2\n")]
    before = _content_cache._key(rules, files)
    assert _content_cache._key(rules, files) == before
    os.utime(package / "engines" / "_native.py", ns=(1, 1))
    assert _content_cache._key(rules, files) != before
    assert _content_cache._key(rules.parent, files) != before  # another folder
    assert _content_cache._key(rules, [("a.toml", b"schema_version = 2 \n")]) != before


def test_no_code_fingerprint_means_no_cache(rules: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_content_cache, "_PACKAGE", rules / "no_such_folder")
    assert cached_content(rules, cache) == load_content(rules)
    assert cached_files(cache) == []


def test_only_the_newest_contents_are_kept(rules: Path, cache: Path) -> None:
    pack_file = rules / "pack.toml"
    text = pack_file.read_text(encoding="utf-8")
    for version in range(KEEP + 3):
        pack_file.write_text(text + f"\n# edit {version}\n", encoding="utf-8")
        cached_content(rules, cache)
        newest = max(cached_files(cache), key=lambda path: path.stat().st_mtime_ns)
        os.utime(newest, ns=(version + 1, version + 1))  # file systems with coarse clocks
    kept = cached_files(cache)
    assert len(kept) == KEEP
    assert cached_content(rules, cache) == load_content(rules)


def test_the_cache_folder_is_the_users_and_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KNEELINK_CACHE_DIR", "")
    assert cache_folder() is None
    monkeypatch.setenv("KNEELINK_CACHE_DIR", str(tmp_path))
    assert cache_folder() == tmp_path
    monkeypatch.delenv("KNEELINK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "kneelink"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "kneelink"
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no HOME and no password entry
    assert cache_folder() is None


def test_off_means_the_files_are_loaded_as_before(rules: Path) -> None:
    assert cached_content(rules, None) == load_content(rules)
