#!/usr/bin/env python3
"""Benchmark the site build at several corpus sizes against bare MkDocs + Material.

For each N it generates N synthetic regulations (``regkb synth``), then measures, in the same
conditions and one after the other:

- baseline: ``mkdocs build`` of N plain Markdown pages holding the same texts (Material, its
  search plugin, nothing of ours);
- full (cold): our complete build over the synthetic data, with an empty cache folder;
- full (warm): the same build into an empty site folder, with the cache the first one left;
- rebuild: ``mkdocs build --dirty`` after changing one clause of one regulation;
- serve reload: a running ``mkdocs serve --dirty``, from saving a changed clause to the reload.

It prints a table: N, seconds, ratio to the baseline, peak RSS (of the largest process of the build),
the MkDocs process's own peak RSS, site size, the bytes a browser fetches for the first search (an
estimate from the index files, see search_bytes; scripts/search_timing.py measures it in Chromium),
and the bytes of the helper's rule bundle for one regulation.

    .venv/bin/python scripts/bench.py              # N = 5, 500, 3000
    .venv/bin/python scripts/bench.py 5 500        # chosen sizes
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regkb.corpus import load_corpus  # noqa: E402
from regkb.model import reassemble  # noqa: E402
from regkb.synth import synthesize  # noqa: E402

BASELINE_CONFIG = """site_name: baseline
theme: {{name: material, language: zh, font: false}}
plugins: [search]
docs_dir: {docs}
"""


def serve_reload(env: dict[str, str], edit: Callable[[str], None], port: int = 8765) -> tuple[float, int]:
    """Seconds from an edit to ``mkdocs serve --dirty``'s reload, and the server's peak RSS in KiB."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if "Serving on" in line:
                break
        else:
            raise SystemExit("mkdocs serve ended before serving")
        time.sleep(1.0)  # let the file watcher settle
        started = time.perf_counter()
        edit("（再次修订）")
        for line in proc.stdout:
            if "Reloading browsers" in line:
                return time.perf_counter() - started, _rss_kib(proc.pid)
        raise SystemExit("mkdocs serve ended before reloading")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


HELPER_TIMING = """
const engine = require(process.argv[1]);
const bundle = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const facts = {regulation: bundle.regulation, amount: 600, category: "software_development", nature: "new",
               funding: "fiscal", classified: false};
for (let i = 0; i < 200; i++) engine.evaluate(bundle, facts);  // warm up the JIT, as a page would after a few answers
const runs = 2000, started = performance.now();
for (let i = 0; i < runs; i++) engine.evaluate(bundle, facts);
console.log(((performance.now() - started) / runs).toFixed(4));
"""


def helper_answer_ms(site: Path, regulation: str) -> float:
    """Mean milliseconds for the browser engine (run by Node) to answer one query on a regulation's bundle."""
    out = subprocess.run(
        [
            "node",
            "-e",
            HELPER_TIMING,
            str(ROOT / "docs" / "javascripts" / "decide-engine.js"),
            str(site / "assets" / "decide" / f"{regulation}.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str, int]:
    """Seconds, peak RSS in KiB (the largest process of the build), output, and the peak RSS in KiB
    of the MkDocs process alone (polled while it runs)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    own = [0]

    def poll() -> None:
        while proc.returncode is None:
            try:
                own[0] = max(own[0], _rss_kib(proc.pid))
            except OSError:  # exited
                return
            time.sleep(0.02)  # VmHWM is the high-water mark: only a peak in the last moment can be missed

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out[-3000:]}")
    return elapsed, usage.ru_maxrss, out, own[0]


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def search_bytes(site: Path) -> int:
    """What the first search costs a browser.

    Material's search (lunr, the baseline): the whole index plus the search worker and its
    language files. The site's own search (regkb/search.py): what a one-word query fetches,
    estimated from the files on disk: meta.js, the largest first-character file and the largest
    postings file, and ten document files of median size (the ten results shown first).
    """
    index = site / "search"
    if (index / "meta.js").is_file():
        sizes = {part: sorted(f.stat().st_size for f in (index / part).glob("*.js")) for part in "tpd"}
        largest = sum(sizes[part][-1] for part in "tp" if sizes[part])
        documents = 10 * sizes["d"][len(sizes["d"]) // 2] if sizes["d"] else 0
        return (index / "meta.js").stat().st_size + largest + documents
    files = [site / "search" / "search_index.json"]
    files += list((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    files += [
        site / "assets" / "javascripts" / "lunr" / "min" / name
        for name in ("lunr.stemmer.support.min.js", "lunr.zh.min.js")
    ]
    return sum(f.stat().st_size for f in files if f.is_file())


def mib(value: float) -> str:
    return f"{value / 2**20:.1f} MiB"


def bench(n: int, work: Path, env: dict[str, str]) -> list[tuple]:
    corpus = load_corpus(ROOT / "data")
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    if n == len(corpus.regs):  # the real corpus, copied so the one-clause edit below stays in the copy
        shutil.copytree(ROOT / "data", data)
    else:
        synthesize(corpus, n, work, ROOT / "data")
    synthetic = load_corpus(data)

    docs = work / "baseline-docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# baseline\n", encoding="utf-8")
    for reg in synthetic.regs:
        text = reassemble(reg.data).replace("\n", "\n\n")
        (docs / f"{reg.id}.md").write_text(f"# {reg.meta.title}\n\n{text}\n", encoding="utf-8")
    config = work / "baseline.yml"
    config.write_text(BASELINE_CONFIG.format(docs=docs), encoding="utf-8")
    base_site = work / "baseline-site"
    base_s, base_rss, _, base_own = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(base_site)], env
    )

    full_env = dict(env, REGKB_DATA=str(data), REGKB_CACHE=str(work / "cache"))
    shutil.rmtree(work / "cache", ignore_errors=True)
    site = work / "site"
    # --no-strict: the hand-written onboarding page links to real regulations that a synthetic corpus lacks
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "--no-strict", "-d", str(site)]
    cold_s, cold_rss, _, cold_own = run(build, full_env)
    regulation = synthetic.regs[0].id
    helper = (site / "assets" / "decide" / f"{regulation}.js").stat().st_size
    rows = [
        ("baseline", n, base_s, 1.0, base_rss, base_own, size(base_site), search_bytes(base_site), 0),
        ("full (cold)", n, cold_s, cold_s / base_s, cold_rss, cold_own, size(site), search_bytes(site), helper),
    ]
    shutil.rmtree(site)
    warm_s, warm_rss, _, warm_own = run(build, full_env)
    rows.append(("full (warm)", n, warm_s, warm_s / base_s, warm_rss, warm_own, size(site), search_bytes(site), helper))

    # change one clause of one regulation (in its extract and, so fidelity holds, in its source)
    reg = synthetic.regs[-1]
    extract = data / "regulations" / f"{reg.id}.yml"
    source = data.parent / reg.meta.source
    current = [reg.articles()[0].paragraphs[0].text if reg.articles() else next(iter(reg.units())).paragraphs[0].text]

    def edit(mark: str) -> None:
        edited = current[0][:-1] + mark + current[0][-1]
        for path in (source, extract):  # the extract last: serve reloads on its change
            path.write_text(path.read_text(encoding="utf-8").replace(current[0], edited, 1), encoding="utf-8")
        current[0] = edited

    edit("（修订）")
    re_s, re_rss, _, re_own = run([*build[:4], "--dirty", *build[4:]], full_env)
    rows.append(("rebuild --dirty", n, re_s, re_s / base_s, re_rss, re_own, size(site), search_bytes(site), helper))
    serve_s, serve_rss = serve_reload(full_env, edit)
    rows.append(("serve reload", n, serve_s, serve_s / base_s, serve_rss, serve_rss, 0, 0, helper))
    print(
        f"  N={n}: helper answers one query in {helper_answer_ms(site, regulation):.3f} ms (Node, mean of 2000)",
        file=sys.stderr,
        flush=True,
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[5, 500, 3000])
    parser.add_argument("--keep", help="keep the generated corpora and sites in this folder")
    args = parser.parse_args()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", REGKB_TODAY="2026-11-22")
    header = (
        f"{'build':<17}{'N':>6}{'seconds':>9}{'ratio':>7}{'peak RSS':>12}{'mkdocs RSS':>12}{'site':>12}"
        f"{'1st search':>12}{'helper':>9}"
    )
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        work = Path(args.keep) / f"n{n}" if args.keep else Path(tempfile.mkdtemp(prefix=f"regkb-bench-{n}-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            # the machine may be shared: the load before and after each size says how far to trust the times
            print(f"  N={n}: load average {os.getloadavg()[0]:.1f} before", file=sys.stderr, flush=True)
            for name, count, seconds, ratio, rss, own, site_bytes, search, helper in bench(n, work, env):
                print(
                    f"{name:<17}{count:>6}{seconds:>9.1f}{ratio:>7.2f}{mib(rss * 1024):>12}{mib(own * 1024):>12}"
                    f"{mib(site_bytes):>12}"
                    f"{mib(search):>12}{helper / 1024:>7.1f}KB",
                    flush=True,
                )
            print(f"  N={n}: load average {os.getloadavg()[0]:.1f} after", file=sys.stderr, flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
