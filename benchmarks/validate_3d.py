"""Sample plans of the fourteen 3D tabletop image generators (eleven with standees, three with solids) and run the independent validator on every instance.

Scenes and texts are checked for N plans per generator (instance 0, no picture: the scene, including the visibility
guarantee, does not depend on it); --pixels plans per generator are also rendered and checked from an id render
(every object in the picture and at least half of its own pixels visible) and from the color render (each colored standee
and rubber/plastic solid measures as its palette color).
Usage: python benchmarks/validate_3d.py [-n 2000] [--pixels 100] [--seed 0] [--jobs 2] [--generator NAME ...]
"""
import argparse, collections, time
from concurrent.futures import ProcessPoolExecutor
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
import tma_nb.tabletop_image
import tma_nb.tabletop_solids
from tma_nb.tabletop_image import TABLETOP_IMAGE_GENERATORS
from tma_nb.tabletop_solids import SOLID_GENERATORS
GENS = TABLETOP_IMAGE_GENERATORS + SOLID_GENERATORS

def work(args):
    plans, seed, pixels = args
    v, bad, by = Validator(pixels=pixels), [], collections.Counter()
    for p in plans:
        g = get_generator(p['generator'])
        try:
            ins = g.generate(p, index=0, seed=seed, render=False)
            probs = v.check(ins)
        except Exception as e:   # a crash is a failure too
            ins, probs = None, [f'{type(e).__name__}: {e}']
        by[p['generator']] += 1
        if probs: bad.append((p, ins and ins.question, ins and ins.answer, probs))
    return by, bad

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=2000); ap.add_argument('--pixels', type=int, default=100)
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--generator', action='append')
    a = ap.parse_args()
    gens = a.generator or GENS
    t0 = time.perf_counter()
    total, fails = collections.Counter(), []
    for pixels, n in ((False, a.n), (True, a.pixels)):
        if n <= 0: continue
        plans = [p for g in gens for s in [get_generator(g).space] for p in s.plans(s.sample_indices(n, a.seed + pixels))]
        chunks = [(plans[i:i + 100], a.seed, pixels) for i in range(0, len(plans), 100)]
        with ProcessPoolExecutor(a.jobs) as ex:
            for by, bad in ex.map(work, chunks):
                total.update({(k, pixels): c for k, c in by.items()}); fails += bad
    dt = time.perf_counter() - t0
    nf = collections.Counter(f[0]['generator'] for f in fails)
    for g in gens: print(f"{g:28} scene-checked {total[(g, False)]:>6}  pixel-checked {total[(g, True)]:>5}  failed {nf[g]}")
    print(f"checked {sum(total.values())} instances in {dt:.0f} s, failures {len(fails)}")
    for f in fails[:20]: print('FAIL', f)
    return 1 if fails else 0

if __name__ == '__main__': raise SystemExit(main())
