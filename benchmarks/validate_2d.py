"""Sample instances across the five 2D generators and run the independent validator on every one.

Scenes and texts are checked for all N instances (pictures not drawn, which the scene does not depend on);
a subset of --pixels instances is also rendered and checked against its pixels (measured colors), and
--color-pixels more instances of color plans only (the ones whose pixels carry the answer).
Usage: python benchmarks/validate_2d.py [-n 100000] [--pixels 2000] [--color-pixels 2000] [--seed 0] [--jobs 2]
"""
import argparse, collections, time
from concurrent.futures import ProcessPoolExecutor
import numpy as np
from tma_nb.generator import union_space, get_generator
from tma_nb.validate import Validator
import tma_nb.stickers

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']

def work(args):
    plans, seed, render = args
    v, bad, by = Validator(pixels=render), [], collections.Counter()
    for p in plans:
        ins = get_generator(p['generator']).generate(p, index=0, seed=seed, render=render, accept=None)   # first draws, as drawn before any check
        probs = v.check(ins)
        by[p['generator']] += 1
        if probs: bad.append((p, ins.question, ins.options, ins.answer, probs))
    return by, bad

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=100_000); ap.add_argument('--pixels', type=int, default=2000)
    ap.add_argument('--color-pixels', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    t0 = time.perf_counter()
    total, fails = collections.Counter(), []
    for render, n, gens, where in ((False, a.n, GENS, {}), (True, a.pixels, GENS, {}),
                                   (True, a.color_pixels, GENS[2:4], {'attribute_type': 'color'})):
        plans = [p for g in gens for s in [get_generator(g).space.where(**where)] for p in s.plans(s.sample_indices(n // len(gens), a.seed + render + len(where)))]
        chunks = [(plans[i:i + 500], a.seed, render) for i in range(0, len(plans), 500)]
        with ProcessPoolExecutor(a.jobs) as ex:
            for by, bad in ex.map(work, chunks):
                total.update({(k, 'pixels' if render else 'scene'): c for k, c in by.items()}); fails += bad
    dt = time.perf_counter() - t0
    for g in GENS: print(f"{g:22} scene-checked {total[(g, 'scene')]:>7}  pixel-checked {total[(g, 'pixels')]:>5}")
    print(f"checked {sum(total.values())} instances in {dt:.0f} s, failures {len(fails)}")
    for f in fails[:20]: print('FAIL', f)
    return 1 if fails else 0

if __name__ == '__main__': raise SystemExit(main())
