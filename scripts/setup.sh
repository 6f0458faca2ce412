#!/usr/bin/env bash
# Install everything tma_nb needs on a fresh Debian machine: the emoji font (apt), a venv with the package and
# its dev tools (pip, pinned nbdev 2 set), and the prepared picture cache.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null; fi
fi
# Debian chromium for the real-browser tests (docs site, JupyterLab); Playwright drives it, it downloads no browser
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi
# offscreen OpenGL (EGL, Mesa's CPU rasteriser) for the 3D tabletop renderer
if ! ldconfig -p | grep -q 'libEGL.so.1' || ! ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1-mesa-dri >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1-mesa-dri >/dev/null; fi
fi
# WordNet 3.0 (Debian wordnet-base) for tools/build_lexicon.py and the test that the committed name-clash table is current
if [ ! -f /usr/share/wordnet/data.noun ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || $PY -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
# settings.ini gives ranges (torch, transformers); CI installs and tests the versions pinned in scripts/constraints.txt
python -m pip install -q -c scripts/constraints.txt -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
if python -m pip list 2>/dev/null | grep -qi '^nvidia'; then echo "install pulled CUDA packages (a CUDA torch build?): install the CPU build of torch first"; exit 1; fi
python -c "import tma_nb, nbdev" || { echo "install failed"; exit 1; }
tma assets prepare --quiet
