#!/usr/bin/env bash
# Install everything, then the main job: a small tailored 2D benchmark (what is the object at a place, what color
# is it), checked by the independent validator, three built-in probe models (one trained on everything, two with a planted gap)
# evaluated on it, and their report card written as one offline HTML page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
Q=(-g grid-what -g grid-what-attribute -w attribute_type=none,color)
tma plans count "${Q[@]}"
tma generate "${Q[@]}" -n 160 --instances 3 --seed 0 --out out/objects-and-colors
tma validate out/objects-and-colors
echo "benchmark written to $(pwd)/out/objects-and-colors (Parquet shards in data/)"
tma evaluate -m probe-base -m probe-nocolor -m probe-noobject --benchmark out/objects-and-colors --db out/results.db --by generator
echo "answers stored in $(pwd)/out/results.db"
tma report --db out/results.db --out out/report.html --png-dir out/report-charts
echo "report card written to $(pwd)/out/report.html (charts as PNG in out/report-charts)"
