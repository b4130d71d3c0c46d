#!/usr/bin/env bash
# Install what is missing, check the data, then build and serve the site on http://127.0.0.1:8000
# (on an edit of data/, macros/ or regkb/ it rebuilds only the pages whose inputs changed). Set PORT
# to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/regkb validate
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --strict --dirty -a "127.0.0.1:${PORT:-8000}"
