#!/usr/bin/env python3
"""Lighthouse (mobile) scores of every page type, on the site served compressed by Debian's nginx.

A real intranet server compresses text; Python's http.server does not, and on it even a bare
Material page loses points for transfer size. So this script builds the site (or takes a built
one), starts nginx with gzip on a free loopback port, runs npm ``lighthouse@12.2.3`` against
Debian's Chromium with its default mobile preset and default (simulated) throttling, three runs
per page, and prints a Markdown table of the median score of each category, ready to paste into
the maintainer guide. Runs are one after the other: on a busy machine the CPU figures (TBT)
worsen, so measure when the machine is quiet.

    .venv/bin/python scripts/lighthouse.py                  # build, then all page types, 3 runs each
    .venv/bin/python scripts/lighthouse.py --site site      # an existing build
    .venv/bin/python scripts/lighthouse.py --runs 1 --page regulation

It exits with status 1, naming the page types and categories, if a median score is below 95.
It installs what it lacks through scripts/bootstrap.sh --lighthouse (nginx, npm packages).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95  # every category's median score on every page type; below it the script exits with 1
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-quic --disable-background-networking --disable-sync"

# The page types of the site (tests/test_a11y.py checks the same list, read from here).
PAGE_TYPES = {
    "home": "index.html",
    "regulation": "regulations/dongyuan.html",
    "comparison": "compare/index.html",
    "topic": "compare/approval.html",
    "helper": "helper.html?regulation=dongyuan&amount=600&category=hardware_purchase&nature=new",
    "process": "process.html",
    "glossary": "glossary.html",
    "onboarding": "onboarding.html",
    "maintainers": "maintainers/index.html",
}

NGINX_CONF = """\
{user}daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  types {{ text/plain dot; }}
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  sendfile on;
  gzip on;
  gzip_comp_level 6;
  gzip_min_length 256;
  gzip_types text/css application/javascript text/javascript application/json image/svg+xml text/plain
             application/xml;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    index index.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""


def ensure_tools() -> None:
    if not LIGHTHOUSE.is_file() or not Path(NGINX).exists():
        subprocess.run([str(ROOT / "scripts" / "bootstrap.sh"), "--browser", "--lighthouse"], check=True)


def build(out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path) -> Iterator[str]:
    """Debian's nginx with gzip on a loopback port, serving ``site``; yields its root URL."""
    tmp = Path(tempfile.mkdtemp(prefix="regkb-nginx-"))
    port = _free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise drop to nobody
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, site=site.resolve()), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(50):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url, timeout=1).close()
                break
            if proc.poll() is not None:
                raise SystemExit(f"nginx did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def audit(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run (mobile preset, default throttling); category → score out of 100."""
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
        cwd=ROOT,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    audits = report["audits"]
    scores["fcp"] = audits["first-contentful-paint"]["numericValue"]
    scores["lcp"] = audits["largest-contentful-paint"]["numericValue"]
    scores["tbt"] = audits["total-blocking-time"]["numericValue"]
    scores["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    scores["dom"] = audits["dom-size"].get("numericValue", 0)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the table shows the median (default 3)")
    parser.add_argument("--page", action="append", choices=sorted(PAGE_TYPES), help="only these page types")
    parser.add_argument("--reports", type=Path, help="keep every Lighthouse JSON report in this folder")
    args = parser.parse_args()
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="regkb-lighthouse-"))
    work.chmod(0o755)
    try:
        site = args.site
        if site is None:
            site = work / "site"
            build(site)
        reports = args.reports or work / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        rows = []
        load_before = os.getloadavg()[0]
        with nginx(site) as root:
            for name in args.page or PAGE_TYPES:
                runs = []
                for i in range(args.runs):
                    runs.append(audit(root + PAGE_TYPES[name], reports / f"{name}-{i + 1}.json"))
                    print(f"{name} run {i + 1}: {runs[-1]}", file=sys.stderr)
                rows.append((name, {k: statistics.median(r[k] for r in runs) for k in runs[0]}))
        # the CPU figures (TBT above all) scale with the machine's load: the table says what it was
        print(
            f"Lighthouse 12.2.3, mobile preset, default throttling, median of {args.runs} run(s), "
            f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, nginx with gzip, "
            f"1-minute load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after\n"
        )
        print("| page | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS | DOM |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, s in rows:
            cells = " | ".join(f"{s[c]:g}" for c in CATEGORIES)
            metrics = f"{s['fcp']:.0f} | {s['lcp']:.0f} | {s['tbt']:.0f} | {s['cls']:.3f} | {s['dom']:.0f}"
            print(f"| {name} | {cells} | {metrics} |")
        # the target (issue 15): at least TARGET in every category on every page type measured
        short = [f"{name} {c} {s[c]:g}" for name, s in rows for c in CATEGORIES if s[c] < TARGET]
        if short:
            print(f"\nbelow {TARGET}: " + "; ".join(short), file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
