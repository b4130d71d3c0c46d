"""Content digests: what the caches and the ``--dirty`` builds key everything by.

Stateless hashing only, so that loading and checking data (validate) can name what it checked
without knowing the cache that keeps it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """SHA-256 of several parts, each length-prefixed so that no two lists of parts collide."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def _package_digest() -> str:
    hashed = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        hashed.update(path.name.encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()


# The package's code as imported: a process runs the code it imported, whatever the files say later.
CODE_VERSION = _package_digest()


def code_version() -> str:
    """A digest of the package's code: a changed validator or model invalidates every cache entry."""
    return CODE_VERSION
