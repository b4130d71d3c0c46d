"""The build's cache: one API for everything a build remembers, in memory and in a folder.

Entries are memoised by a kind and a content digest (:meth:`Cache.memo` in memory,
:meth:`Cache.bytes` and :meth:`Cache.files` on disk). Writes are atomic (a temporary file renamed),
and a file entry is trusted only while its bytes match the SHA-256 recorded beside it when it was
written (``.sha256/<name>`` in its folder, written after the entry): a truncated, emptied or edited
entry, or one whose digest is missing (a build killed between the two writes), is made again, never
published. A :class:`Cache` belongs to a :class:`regkb.build.Build`; nothing here is module state.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .digest import code_version, digest

__all__ = ["Cache", "Content", "code_version", "digest", "keep", "kept", "write"]

T = TypeVar("T")
Content = str | bytes | Path  # a Path: a file kept in the cache folder that the build copies as it is


def write(path: Path, content: str | bytes, durable: bool = False) -> None:
    """Write a file whole: to a temporary name, then renamed, so that no reader (another build, or a
    site hard-linked to it) ever sees it half written. ``durable``: flushed to disk before the rename
    and the folder after it, so that a crash or power cut leaves the old file or the new, never neither."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content

    def put() -> None:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())

    try:
        try:
            put()
        except FileNotFoundError:  # the folder is made by the first write only (thousands share one)
            path.parent.mkdir(parents=True, exist_ok=True)
            put()
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def keep(path: Path, content: str | bytes) -> None:
    """Write a cache entry and, after it, the digest that :func:`kept` checks it against."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    write(path, data)
    write(_digest_file(path), hashlib.sha256(data).hexdigest())


def kept(path: Path) -> bytes | None:
    """A cache entry's bytes if it exists and matches its digest; else None (make it again)."""
    try:
        data = path.read_bytes()
        recorded = _digest_file(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if hashlib.sha256(data).hexdigest() == recorded else None


def _digest_file(path: Path) -> Path:
    return path.parent / ".sha256" / path.name


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


class Cache:
    """What builds remember: in memory for as long as the cache lives (``mkdocs serve`` keeps it
    across rebuilds), and with a ``folder`` on disk for the next process."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[tuple[str, Any], Any] = {}
        self._intact: dict[Path, tuple[tuple[int, int], bool]] = {}  # entry → its stamp when checked, verdict

    def memo(self, kind: str, key: Any, make: Callable[[], T]) -> T:
        """``make()`` once per kind and key, in memory."""
        entry = (kind, key)
        if entry not in self._memory:
            self._memory[entry] = make()
        return self._memory[entry]

    def has(self, kind: str, key: Any) -> bool:
        return (kind, key) in self._memory

    def path(self, kind: str, name: str) -> Path | None:
        """Where an entry of ``kind`` named ``name`` is kept (None: no cache folder)."""
        return self.folder / kind / name if self.folder else None

    def read(self, kind: str, name: str) -> bytes | None:
        """An entry's bytes if it is kept and matches its digest; else None (no folder, absent or damaged)."""
        path = self.path(kind, name)
        return kept(path) if path else None

    def bytes(self, kind: str, name: str, make: Callable[[], str | bytes]) -> bytes:
        """An entry's bytes: read (digest-checked) from the folder, else made and written there."""
        path = self.path(kind, name)
        data = kept(path) if path else None
        if data is None:
            made = make()
            data = made.encode("utf-8") if isinstance(made, str) else made
            if path:
                self.keep(path, data)
        return data

    def keep(self, path: Path, content: str | bytes) -> None:
        """Write an entry (see :func:`keep`); it is known intact from now on."""
        keep(path, content)
        self._intact[path] = (_stamp(path), True)

    def intact(self, path: Path) -> bool:
        """Whether an entry that a build publishes as it is (a file linked into the site) matches its
        digest; checked once while the file's size and time are unchanged."""
        try:
            stamp = _stamp(path)
        except OSError:
            return False
        known = self._intact.get(path)
        if known and known[0] == stamp:
            return known[1]
        good = kept(path) is not None
        self._intact[path] = (stamp, good)
        return good

    def files(self, key: tuple[str, ...], make: Callable[[], dict[str, str]]) -> dict[str, Content]:
        """Files (site path → content) made once per key: with a folder, written to ``files/<digest>/``
        by the first build and returned as paths, so that no build holds thousands of them in memory
        or makes them again; without one, made each time."""
        if self.folder is None or not all(key):
            return dict(make())
        folder = self.folder / "files" / digest(*key)
        listing = folder / "files.json"
        memo = ("files", folder)
        if listing.is_file():  # checked even when memoised: the cache folder may have been deleted meanwhile
            if memo not in self._memory:
                found = _listing(folder, listing)
                if found is not None:
                    self._memory[memo] = found
            if memo in self._memory and all(self.intact(file) for file in self._memory[memo].values()):
                return self._memory[memo]
            self._memory.pop(memo, None)  # a damaged entry: made again below, never published
        made = make()
        names = {path: path.replace("/", "__") for path in made}
        for path, content in made.items():
            self.keep(folder / names[path], content)
        self.keep(listing, json.dumps(names))  # written last: a folder without it was interrupted and is made again
        self._memory[memo] = {path: folder / name for path, name in names.items()}
        return self._memory[memo]


def _listing(folder: Path, listing: Path) -> dict[str, Content] | None:
    """The files a kept folder's listing names, or None when the listing is damaged."""
    data = kept(listing)
    try:
        names = json.loads(data) if data is not None else None
    except ValueError:
        return None
    if not isinstance(names, dict) or not all(isinstance(n, str) and "/" not in n for n in names.values()):
        return None
    return {path: folder / name for path, name in names.items()}
