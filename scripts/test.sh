#!/usr/bin/env bash
# Install everything (browser included), lint, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --browser
.venv/bin/ruff check regkb macros mkdocs_regkb scripts tests
.venv/bin/python -m regkb.cli lint
export NO_MKDOCS_2_WARNING=1
# Two test processes (pytest-xdist) for the two cores; each takes whole modules (loadscope: a module's own
# site is built once), the longest first (tests/conftest.py's LONG_FIRST, kept by --no-loadscope-reorder);
# the real site is built once for both. Add `-n 0` to run in one process.
exec .venv/bin/python -m pytest -n 2 --dist loadscope --no-loadscope-reorder "$@"
