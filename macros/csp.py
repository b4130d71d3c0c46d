"""MkDocs hook: what the Content-Security-Policy in overrides/main.html needs from Python.

The policy allows inline scripts only by hash, and the hashes are of texts the theme itself makes
(never of what a page happens to contain): Material's inline scripts as its partials render for the
page, and the script Material's file:// search shim (iframe-worker) writes into its frame, rebuilt
from the vendored shim for the page's search worker URL.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
SHIM = ROOT / "docs" / "assets" / "vendor" / "iframe-worker" / "shim.js"
WORKERS = Path(material.__file__).resolve().parent / "templates" / "assets" / "javascripts" / "workers"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def source(text: str) -> str:
    """``'sha256-…'`` for one script's text, as a CSP source expression."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_hashes(html: str) -> str:
    """The hash sources of every inline ``<script>`` in ``html`` (a theme partial as rendered)."""
    return " ".join(dict.fromkeys(source(m.group(1)) for m in _SCRIPT.finditer(str(html))))


def _shim_functions() -> tuple[str, str]:
    """The two functions the shim writes into its frame by their source text (``${c}``, ``${d}``)."""
    text = SHIM.read_text(encoding="utf-8")
    post = re.search(r"function c\(s,n\)\{[^}]*\}", text)
    imports = re.search(r"function d\(\.\.\.s\)\{.*?,Promise\.resolve\(\)\)\}", text)
    if not post or not imports or "postMessage=${c};importScripts=${d};" not in text:
        raise RuntimeError(f"{SHIM} changed: update macros/csp.py to hash the script it writes")
    return post.group(0), imports.group(0)


def iframe_worker_hash(worker_url: str) -> str:
    """The hash of the inline script iframe-worker writes to run the search worker at ``worker_url``."""
    post, imports = _shim_functions()
    script = (
        f"postMessage={post};importScripts={imports};"
        'addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",'
        f'{{filename:"{worker_url}",error}}))}})'
    )
    return source(script)


def search_worker() -> str:
    """The file name of Material's search worker (its hash changes with Material's version)."""
    found = sorted(WORKERS.glob("search.*.min.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one search worker in {WORKERS}, found {len(found)}")
    return found[0].name


def on_env(env, config, files):  # MkDocs' hook signature
    env.filters["csp_inline_hashes"] = inline_hashes
    env.filters["csp_iframe_worker_hash"] = iframe_worker_hash
    env.globals["csp_search_worker"] = search_worker()
    return env
