#!/usr/bin/env bash
# Install everything (browser included), lint, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --browser
.venv/bin/ruff check regkb macros scripts tests
.venv/bin/python -m regkb.cli lint
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
