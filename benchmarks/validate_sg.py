"""Run the independent validator over the scene-graph generators: every plan, with as many instance indices as it takes
to reach at least -n instances per generator (each index draws other wrong options and another option order).
Pictures are read and checked (size against the scene graph). Point --scene-graphs/--images at a GQA copy to check it instead
of the shipped fixture.
Usage: python benchmarks/validate_sg.py [-n 2000] [--seed 0] [--scene-graphs FILE --images DIR]
"""
import argparse, collections, math, time
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
import tma_nb.scenegraph

GENS = ['sg-what-object', 'sg-what-attribute', 'sg-what-relation']

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=2000); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--scene-graphs'); ap.add_argument('--images')
    a = ap.parse_args()
    v, fails, total = Validator(), [], 0
    for name in GENS:
        g = get_generator(name, scene_graphs=a.scene_graphs, images=a.images) if a.scene_graphs else get_generator(name)
        t0 = time.perf_counter()
        N = len(g.space)
        t_plans = time.perf_counter() - t0
        reps = max(1, math.ceil(a.n / N))
        idx = g.space.sample_indices(min(N, a.n), a.seed) if N >= a.n else range(N)
        plans = g.space.plans(list(idx))
        t0, checked, failed, why = time.perf_counter(), 0, 0, collections.Counter()
        for p in plans:
            for i in range(reps):
                probs = v.check(g.generate(p, index=i, seed=a.seed))
                checked += 1
                if probs: failed += 1; why.update(probs); fails.append((p, probs))
        dt = time.perf_counter() - t0
        total += checked
        print(f"{name:18} plans {N:>6} (enumerated in {t_plans:.2f} s)  instances checked {checked:>6}  failed {failed}  ({checked / dt:,.0f} instances/s)")
        for k, c in why.most_common(5): print(f"    {c:>5}  {k}")
    print(f"checked {total}, failed {len(fails)}")
    return 1 if fails else 0

if __name__ == '__main__': raise SystemExit(main())
