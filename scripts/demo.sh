#!/usr/bin/env bash
# Install everything, then the main job: a small tailored 2D benchmark (animals, 3x3 grids: where and how many),
# checked by the independent validator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
tma plans count -g grid-where -g grid-how-many -w target_category=animal -w grid=3x3
tma generate -g grid-where -g grid-how-many -w target_category=animal -w grid=3x3 -n 100 --seed 0 --out out/animals-3x3
tma validate out/animals-3x3
echo "benchmark written to $(pwd)/out/animals-3x3/data.parquet"
