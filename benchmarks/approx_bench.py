"""Approximators and queries against exhaustive ground truth.

    python benchmarks/approx_bench.py build      # evaluate the probe zoo on the 3,015-plan probe space (once; resumable)
    python benchmarks/approx_bench.py run        # compare every method at budgets of 1, 5, 10, 15 and 20 %

The probe space is every 61st plan of `grid-how-many` (3,015 plans, like the reference's demo of 3,249 how-many plans).
Its ground truth is the probe models' real answers (5 instances x 3 option orders per plan), stored in `out/probe_truth.db`
through the normal evaluation path, so any query re-uses them without model calls.
"""
from __future__ import annotations
import argparse, sys, time
from pathlib import Path
import numpy as np

OUT = Path(__file__).resolve().parent.parent / 'out'
PROBE_DB = OUT / 'probe_truth.db'
PROBE_MODELS = ['probe-base', 'probe-nocolor', 'probe-tiny']
STEP = 61

def probe_space_plans():
    "The probe space: every 61st plan of grid-how-many, as a DataFrame with plan_index."
    from tma_nb.generator import get_generator, load_generators
    load_generators()
    s = get_generator('grid-how-many').space
    idx = np.arange(0, len(s), STEP)
    df = s.to_frame(idx); df.insert(0, 'plan_index', idx)
    return df

def build_probe_truth(db=PROBE_DB, models=PROBE_MODELS, chunk:int=100):
    "Evaluate `models` on every plan of the probe space; instances are drawn once per chunk and shared by the models."
    from tma_nb.evaluate import plan_specs, evaluate
    from tma_nb.models import get_model
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    df = probe_space_plans()
    ms = [get_model(m) for m in models]
    t0 = time.time()
    for s in range(0, len(df), chunk):
        specs = plan_specs(df.iloc[s:s + chunk], 5, 0)
        memo = {}
        for sp in specs:
            sp.make = (lambda sp=sp, f=sp.make: memo[id(sp)] if id(sp) in memo else memo.setdefault(id(sp), f()))
        for m in ms: evaluate(m, specs=specs, db=db, progress=False)
        print(f"{min(s + chunk, len(df))}/{len(df)} plans, {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return db

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('action', choices=['build', 'run'])
    a = ap.parse_args()
    if a.action == 'build': build_probe_truth()
