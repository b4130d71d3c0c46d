"""Validated regulations cached on disk by content, so a build re-validates only what changed.

The key of an extract is the SHA-256 of the code that validates it, its display name, its own
bytes and the bytes of the source text it is checked against: any edit to either file, or to
``regkb`` itself, misses the cache. Cold loads of many files run in parallel processes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from .model import Reg
from .yamlio import DataError, Problem

PARALLEL_ABOVE = 24  # fewer cold files than this load faster in-process than through a pool
_SOURCE = re.compile(rb"^\s+source:\s*(\S+)\s*$", re.MULTILINE)

Loader = Callable[[Path, Path | None], Reg]
Progress = Callable[[str], None]


@cache
def code_version() -> str:
    """A digest of the package's code: a changed validator or model invalidates every entry."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    """SHA-256 of several parts, each length-prefixed so that no two lists of parts collide."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def content_key(path: Path, root: Path, display: str) -> str | None:
    """The cache key of an extract, or None when it (or its source) cannot be read.

    Within one process (``mkdocs serve``), a file whose size and modification time, and whose
    source's, are unchanged keeps its key without being read again.
    """
    try:
        stamp = _stamp(path)
        known = _keys.get((path, root, display))
        if known and known[0] == stamp and (known[1] is None or _stamp(known[1]) == known[2]):
            return known[3]
        text = path.read_bytes()
        found = _SOURCE.search(text)
        source = root / found.group(1).decode() if found else None
        source_stamp = _stamp(source) if source else None
        source_bytes = source.read_bytes() if source else b""
    except (OSError, UnicodeDecodeError):
        return None
    key = digest(code_version(), display, text, source_bytes)
    _keys[(path, root, display)] = (stamp, source, source_stamp, key)
    return key


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


# (extract, root, display) → its and its source's stamps when last read, and its key
_keys: dict[tuple[Path, Path, str], tuple[tuple[int, int], Path | None, tuple[int, int] | None, str]] = {}


def _load_one(loader: Loader, path: Path, root: Path | None) -> bytes | list[Problem]:
    try:
        return pickle.dumps(loader(path, root), protocol=pickle.HIGHEST_PROTOCOL)
    except DataError as exc:
        return exc.problems
    except Exception as exc:  # a check that fails must still name the file, never print a traceback
        return [Problem(str(path), 1, "", f"could not be checked ({type(exc).__name__}: {exc}); please report this")]


def load_many(
    items: Iterable[tuple[Path, str | None]],
    loader: Loader,
    root: Path | None,
    cache_dir: Path | None,
    progress: Progress | None = None,
) -> list[Reg | list[Problem]]:
    """Load each ``(path, key)``: from ``cache_dir`` when its key is there, else with ``loader``.

    Returns, in order, the regulation or the problems that stopped it.
    """
    items = list(items)
    out: list[Reg | list[Problem] | None] = [None] * len(items)
    todo: list[int] = []
    for index, (_path, key) in enumerate(items):
        cached = cache_dir / f"{key}.pickle" if cache_dir and key else None
        if cached and cached.is_file():
            data = kept(cached)
            try:
                if data is not None:
                    out[index] = pickle.loads(data)
                    continue
            except Exception:  # a damaged or outdated entry of any kind: validate again
                pass
        todo.append(index)
    if todo and progress:
        progress(f"validating {len(todo)} of {len(items)} regulations ({len(items) - len(todo)} unchanged, cached)")
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_ABOVE and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(
                _load_one, [loader] * len(todo), [items[i][0] for i in todo], [root] * len(todo), chunksize=8
            )
            loaded = list(_report(results, len(todo), progress))
    else:
        loaded = [_load_one(loader, items[i][0], root) for i in todo]
    for index, result in zip(todo, loaded, strict=True):
        if isinstance(result, bytes):
            key = items[index][1]
            if cache_dir and key:
                keep(cache_dir / f"{key}.pickle", result)
            out[index] = pickle.loads(result)
        else:
            out[index] = result
    return out  # type: ignore[return-value]


def _report(results: Iterable, total: int, progress: Progress | None) -> Iterable:
    step = max(total // 10, 100)
    for done, result in enumerate(results, 1):
        if progress and (done % step == 0 or done == total):
            progress(f"validated {done}/{total} regulations")
        yield result


def write(path: Path, content: str | bytes, durable: bool = False) -> None:
    """Write a file whole: to a temporary name, then renamed, so that no reader (another build, or a
    site hard-linked to it) ever sees it half written. ``durable``: flushed to disk before the rename
    and the folder after it, so that a crash or power cut leaves the old file or the new, never neither."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
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


# --------------------------------------------------------------------------- checked cache entries
#
# A cache entry is trusted only while its bytes match the SHA-256 recorded beside it when it was
# written (``.sha256/<name>`` in its folder, written after the entry): a truncated, emptied or edited entry, or one
# whose digest is missing (a build killed between the two writes), is made again, never published.


def keep(path: Path, content: str | bytes) -> None:
    """Write a cache entry and, after it, the digest that :func:`kept` checks it against."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    write(path, data)
    write(_digest_file(path), hashlib.sha256(data).hexdigest())
    _intact[path] = (_stamp(path), True)


def kept(path: Path) -> bytes | None:
    """A cache entry's bytes if it exists and matches its digest; else None (make it again)."""
    try:
        data = path.read_bytes()
        recorded = _digest_file(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if hashlib.sha256(data).hexdigest() == recorded else None


def intact(path: Path) -> bool:
    """Whether a cache entry that a build publishes as it is (a file linked into the site) matches
    its digest; checked once per process while the file's size and time are unchanged."""
    try:
        stamp = _stamp(path)
    except OSError:
        return False
    known = _intact.get(path)
    if known and known[0] == stamp:
        return known[1]
    good = kept(path) is not None
    _intact[path] = (stamp, good)
    return good


def _digest_file(path: Path) -> Path:
    return path.parent / ".sha256" / path.name


_intact: dict[Path, tuple[tuple[int, int], bool]] = {}  # entry → its stamp when checked, and the verdict
