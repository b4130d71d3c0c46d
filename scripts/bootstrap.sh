#!/usr/bin/env bash
# Install everything the site and its tests need, and nothing twice (safe to re-run):
#   Debian: graphviz (dot), a CJK font (chart labels), nodejs (JS engine parity test),
#           libgraphviz-dev and a C compiler (the regkb-dotfork helper, see below),
#           chromium (browser tests; only with --browser), nginx (scripts/lighthouse.py; only with --lighthouse)
#   Python: .venv with this project and its test extras (pip install -e ".[test]")
#   C:      .venv/bin/regkb-dotfork from regkb/dotfork.c: dot's start-up once per build rather than once per
#           chart, same SVG bytes (regkb.graphs.DotServer; without it charts are drawn by plain dot)
#   npm:    package.json's devDependencies (npm ci): docx (the comparison's Word files), axe-core (accessibility
#           test), lighthouse (scripts/lighthouse.py)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_lighthouse=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --lighthouse) want_lighthouse=1 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=()
command -v dot >/dev/null 2>&1 || packages+=(graphviz)
# (grep without -q reads all of fc-list's output: with -q, fc-list dies of SIGPIPE and pipefail reports failure)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -iE "Noto Sans CJK|WenQuanYi" >/dev/null; then
  packages+=(fonts-noto-cjk fontconfig)
fi
[ -f /usr/include/graphviz/gvc.h ] || packages+=(libgraphviz-dev)
command -v cc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ "$want_lighthouse" = 1 ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then packages+=(nginx); fi
if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then packages+=(chromium); fi
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then packages+=(python3-venv); fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${packages[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
# Reinstall only when the dependency list changed.
stamp=.venv/.regkb-installed
digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "bootstrap: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$digest" > "$stamp"
fi
# The chart helper: rebuilt when its source is newer. A failed build only costs speed (plain dot draws).
helper=.venv/bin/regkb-dotfork
if [ ! -x "$helper" ] || [ regkb/dotfork.c -nt "$helper" ]; then
  echo "bootstrap: building $helper"
  cc -O2 -o "$helper" regkb/dotfork.c -lgvc -lcgraph || echo "bootstrap: could not build $helper; charts use plain dot" >&2
fi
# Node packages: again only when package-lock.json changed (npm ci replaces node_modules as a whole).
npm_stamp=node_modules/.regkb-installed
npm_digest=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_digest" ]; then
  echo "bootstrap: installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_digest" > "$npm_stamp"
fi
echo "bootstrap: ready"
