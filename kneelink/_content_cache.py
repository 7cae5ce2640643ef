"""A cache on disk of the default pack's validated content, so a fresh process's first
answer skips parsing and validating rule files it has validated before.

Reading the shipped rule files (TOML, then the :mod:`kneelink._schema` models, then the
cross-checks) is most of a first answer's own cost. The files are read every time anyway;
when their bytes, their folder, kneelink's code and the Python and pydantic versions are
all what they were when a load last succeeded, the content that load made is read back
instead. Anything else (a changed byte, a missing or damaged cache file, a cache folder
that cannot be written) means the ordinary load, so no answer or error depends on the cache:

- the key is a SHA-256 of the cache format, the Python and pydantic versions, the size and
  modification time of every ``.py`` file of kneelink, the folder's path and every rule
  file's name and bytes; a cached content must also carry the ``content_hash`` of the
  bytes read now, and the same file paths;
- only a load that succeeded is written, never a failure, and never a pack that extends
  another (its content depends on files outside the folder);
- the folder is private to the user (``$KNEELINK_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or
  ``~/.cache``, then ``kneelink``), and a file is read only if it is a regular file owned
  by the user that no one else can write, because it is unpickled; files are written
  whole and renamed into place, so a reader never sees half of one;
- ``KNEELINK_CACHE_DIR=""`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import stat
import sys
import types
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

from kneelink._loader import PackContent, _hash, load_content, read_rule_file, rule_files

# Bump when what is pickled changes shape in a way the code fingerprint would not show.
FORMAT = 1
# Cached contents kept: one per version of the rule files and of kneelink seen lately.
KEEP = 8
_SUFFIX = ".pack.pickle"
_PACKAGE = Path(__file__).resolve().parent


def cache_folder() -> Path | None:
    """Where cached contents go, or ``None`` when ``KNEELINK_CACHE_DIR`` is set empty (or
    there is no home folder)."""
    chosen = os.environ.get("KNEELINK_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":  # no home folder to be found: no cache, rather than a "~" folder here
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "kneelink"


def cached_content(folder: Traversable, cache: Path | None) -> PackContent:
    """:func:`~kneelink._loader.load_content` of ``folder``, read from ``cache`` when a load
    of the same files by the same code succeeded before (see the module docstring)."""
    if cache is None or not isinstance(folder, Path):
        return load_content(folder)
    try:
        items = rule_files(folder)
    except Exception:
        return load_content(folder)  # raises what an uncached load raises
    files: list[tuple[str, bytes]] = []
    for item in items:
        raw = read_rule_file(item)
        if not isinstance(raw, bytes):
            return load_content(folder)
        files.append((item.name, raw))
    paths = tuple(str(item) for item in items)
    try:
        place = cache / (_key(folder, files) + _SUFFIX)
    except OSError:  # kneelink's own folder unreadable: no fingerprint, so no cache
        return load_content(folder)
    found = _read(place, _hash(files), paths)
    if found is not None:
        return found
    content = load_content(folder)
    if content.header.extends is None and content.content_hash == _hash(files) and content.files == paths:
        _write(cache, place, content)
    return content


def _key(folder: Path, files: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    versions = (FORMAT, sys.version, pydantic.VERSION, pydantic_core.__version__, str(folder))
    digest.update(repr((versions, _code_fingerprint())).encode())
    for name, raw in files:
        digest.update(b"\0" + name.encode() + b"\0" + len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def _code_fingerprint() -> list[tuple[str, int, int]]:
    """Every kneelink source file's path, size and modification time: an edited or
    reinstalled kneelink never reads content cached by another."""
    found: list[tuple[str, int, int]] = []
    folders = [_PACKAGE]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(Path(entry.path))
                elif entry.name.endswith(".py"):
                    status = entry.stat()
                    found.append((entry.path, status.st_size, status.st_mtime_ns))
    return sorted(found)


def _private(status: os.stat_result) -> bool:
    """Owned by this user, and no one else may write it."""
    owner = getattr(os, "getuid", None)
    return (owner is None or status.st_uid == owner()) and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(place: Path, content_hash: str, paths: tuple[str, ...]) -> PackContent | None:
    try:
        if not _private(os.stat(place.parent, follow_symlinks=False)):
            return None
        descriptor = os.open(place, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or not _private(status):
            return None
        try:
            fields = pickle.loads(handle.read())
            views: dict[str, Any] = {
                name: types.MappingProxyType(value) if isinstance(value, dict) else value
                for name, value in fields.items()
            }
            content = PackContent(**views)
        except Exception:  # a damaged or truncated file: load the files as usual
            return None
    if content.content_hash != content_hash or content.files != paths:
        return None
    return content


def _write(cache: Path, place: Path, content: PackContent) -> None:
    # Read-only views do not pickle; plain dicts are wrapped again when read.
    fields = {
        field.name: dict(value) if isinstance(value, types.MappingProxyType) else value
        for field in dataclasses.fields(content)
        for value in [getattr(content, field.name)]
    }
    import tempfile  # only a load that missed the cache writes

    temporary = None
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(cache, follow_symlinks=False)):
            return
        handle, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")  # mode 0600
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, place)
        temporary = None
        _prune(cache)
    except Exception:  # a read-only or full disk, a folder not ours: the next load reads the files again
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _prune(cache: Path) -> None:
    """Keep the :data:`KEEP` most recently written contents."""
    cached = sorted(cache.glob("*" + _SUFFIX), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for old in cached[KEEP:]:
        old.unlink(missing_ok=True)
