"""Both geometry checks on fresh instances of every geometry generator: the scene check (answers from exact coordinates,
through `Validator`) and the pixel check (`GeometryPixelCheck`: dots, letters and strokes measured from the picture alone).

Plans are drawn uniformly; when a generator has fewer plans than -n, every plan is used and further instances (index 1, 2, …)
of the same plans follow, so each generator gets exactly -n instances. One process.
Prints per generator: instances, failures of each check, seconds; then the first failures. --json writes the table.
Usage: python benchmarks/validate_geometry.py [-n 1000] [--seed 2026] [--generator NAME ...] [--show 5] [--json out.json]
"""
import argparse, json, time
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
from tma_nb.geometry import GEOMETRY_GENERATORS
from tma_nb.validate_geometry import GeometryPixelCheck

def run(name:str, n:int, seed:int, sv, pv) -> dict:
    g = get_generator(name)
    idx = g.space.sample_indices(n, seed)
    plans = g.space.plans(idx)
    bad_s, bad_p, t = [], [], time.perf_counter()
    for j in range(n):
        plan, index = plans[j % len(plans)], j // len(plans)
        try:
            ins = g.generate(plan, index=index, seed=seed, accept=None)   # first draws, as drawn before any check
            s, p = sv.check(ins), pv.check(ins)
        except Exception as e:   # a crash is a failure of both
            s = p = [f'{type(e).__name__}: {e}']
        if s: bad_s.append((plan, index, s))
        if p: bad_p.append((plan, index, p))
    return dict(generator=name, instances=n, plans=min(n, len(g.space)), scene_failures=len(bad_s), pixel_failures=len(bad_p),
                seconds=round(time.perf_counter() - t, 1), examples=[(str(x), i, y[:3]) for x, i, y in (bad_s + bad_p)[:5]])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-n', type=int, default=1000); ap.add_argument('--seed', type=int, default=2026)
    ap.add_argument('--generator', action='append', choices=GEOMETRY_GENERATORS); ap.add_argument('--show', type=int, default=5)
    ap.add_argument('--json')
    a = ap.parse_args()
    if a.n < 1: ap.error('-n must be at least 1')
    sv, pv = Validator(), GeometryPixelCheck()
    rows = []
    print(f"{'generator':22} {'instances':>9} {'plans':>6} {'scene':>6} {'pixels':>6} {'s':>7}", flush=True)
    for name in a.generator or GEOMETRY_GENERATORS:
        r = run(name, a.n, a.seed, sv, pv); rows.append(r)
        print(f"{name:22} {r['instances']:>9,} {r['plans']:>6,} {r['scene_failures']:>6} {r['pixel_failures']:>6} {r['seconds']:>7.1f}", flush=True)
        for e in r['examples'][:a.show]: print('   ', e, flush=True)
    tot = {k: sum(r[k] for r in rows) for k in ('instances', 'scene_failures', 'pixel_failures', 'seconds')}
    print(f"{'total':22} {tot['instances']:>9,} {'':>6} {tot['scene_failures']:>6} {tot['pixel_failures']:>6} {tot['seconds']:>7.1f}")
    if a.json:
        with open(a.json, 'w') as f: json.dump(dict(seed=a.seed, rows=rows, total=tot), f, indent=1)
    return 1 if tot['scene_failures'] or tot['pixel_failures'] else 0

if __name__ == '__main__': raise SystemExit(main())
