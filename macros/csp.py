"""MkDocs hook: what the Content-Security-Policy in overrides/main.html needs from Python.

The policy allows inline scripts only by hash, and the hashes are of texts the theme itself makes
(never of what a page happens to contain): Material's inline scripts as its partials render for the
page. The site's own search (docs/javascripts/search.js) loads its index as script files, so it
needs no inline script and no eval, over HTTP and from file:// alike.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def source(text: str) -> str:
    """``'sha256-…'`` for one script's text, as a CSP source expression."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_hashes(html: str) -> str:
    """The hash sources of every inline ``<script>`` in ``html`` (a theme partial as rendered)."""
    return " ".join(dict.fromkeys(source(m.group(1)) for m in _SCRIPT.finditer(str(html))))


def on_env(env, config, files):  # MkDocs' hook signature
    env.filters["csp_inline_hashes"] = inline_hashes
    return env
