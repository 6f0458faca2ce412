#!/usr/bin/env bash
# Install everything, then run every test: notebooks (through nbdev's runner) and tests/ (installed package end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
python -m pytest -q -n 2 tests
