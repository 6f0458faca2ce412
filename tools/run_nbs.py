"""Execute notebooks in place and save their outputs (the docs), skipping cells flagged by tst_flags or `eval: false`.
Usage: python tools/run_nbs.py nbs/00_taxonomy.ipynb ...   (then run nbdev_clean)"""
import re, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config

flags = set(get_config().tst_flags.split())
def _skip(c):
    if c.cell_type != 'code' or 'nbdev_export(' in c.source: return True
    ds = re.findall(r'^\s*#\|\s*([\w-]+:?)\s*(\S*)', c.source, re.M)
    return any(d == 'eval:' and v.lower() == 'false' or d in flags for d, v in ds)

for fn in map(Path, sys.argv[1:]):
    nb = read_nb(fn)
    with working_directory(fn.parent): CaptureShell(fn).run_all(nb, exc_stop=True, preproc=_skip)
    write_nb(nb, fn)
    print('ran', fn)
