"""Both validators on fresh rendered instances of every generator: the scene validator (answers recomputed from the scene) and
the pixel-grounded validator (what the answer depends on, read from the pixels).

Prints, per generator: instances checked; failures of each validator on the first draw (the instance as the generator makes it
before any check); how many were drawn again, and failures of the instances shipped. The 3D image and clip generators are
`checked`: they draw again what either validator fails, so their shipped instances are the validators' verdict on the draw that
passed (or on the last of REDRAWS). Exit status 1 when a shipped instance fails.
Usage: python benchmarks/validate_pixels.py [-n 1000] [--n3d 300] [--seed 1000] [--jobs 2] [--generator NAME ...] [--show 3]
       [--failures FILE.jsonl]
-n applies to the 2D, geometry and scene-graph generators (a smaller space gives its plans further instances), --n3d to the 3D image and clip generators (rendering costs ~1 s each).
"""
import argparse, collections, json, multiprocessing, re, time
from concurrent.futures import ProcessPoolExecutor
from tma_nb.generator import get_generator, load_generators
from tma_nb.validate import Validator
from tma_nb.validate_pixels import PixelValidator

def kind(problem:str) -> str:
    "A failure's kind: its text with names, values and numbers taken out."
    p = re.sub(r"'[^']*'", "'…'", problem)
    return re.sub(r'\d+(\.\d+)?', '#', p)[:70]

def work(args):
    name, idx, seed = args   # idx: (plan index, instance index) pairs
    g, sv, pv = get_generator(name), Validator(), PixelValidator()
    out = []
    for (i, k), p in zip(idx, g.space.plans([i for i, _ in idx])):
        draws = []   # (scene problems, pixel problems) of each rendered draw: the first as the generator makes it, then its redraws
        def accept(ins):
            draws.append((sv.check(ins), pv.check(ins)))
            return draws[-1][0] + draws[-1][1]
        try:
            ins = g.generate(p, index=k, seed=seed, accept=accept if g.checked else None)   # a checked generator (every built-in one) redraws what fails
            if not g.checked: accept(ins)
            out.append((*draws[0], *draws[-1], len(draws) - 1, ins.question, ins.answer, int(i), int(k)))
        except Exception as e:   # a crash (or a plan no draw of which passes) is a failure of both, first and shipped
            f = [f'{type(e).__name__}: {e}']
            out.append((*(draws[0] if draws else (f, f)), f, f, max(0, len(draws) - 1), None, None, int(i), int(k)))
    return name, out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-n', type=int, default=1000); ap.add_argument('--n3d', type=int, default=300)
    ap.add_argument('--seed', type=int, default=1000); ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--generator', action='append'); ap.add_argument('--show', type=int, default=3)
    ap.add_argument('--failures', help='write every failure (generator, plan index, seed, problems) to this JSON-lines file')
    a = ap.parse_args()
    names = a.generator or sorted(load_generators())
    t0 = time.perf_counter()
    tasks = []
    for name in names:
        g = get_generator(name)
        n = a.n3d if name.startswith(('3d-', 'video-3d-')) else a.n
        m = min(n, len(g.space))   # a space smaller than n gives each plan further instances (index 1, 2, ...)
        plans = [int(i) for i in g.space.sample_indices(m, a.seed)]
        idx = [(plans[j % m], j // m) for j in range(n)]
        tasks += [(name, idx[i:i + 25], a.seed) for i in range(0, len(idx), 25)]
    res = collections.defaultdict(list)
    # spawned workers: the parent may have rendered (the video fixture), and a forked offscreen GL context hangs
    with ProcessPoolExecutor(a.jobs, mp_context=multiprocessing.get_context('spawn')) as ex:
        for name, out in ex.map(work, tasks): res[name] += out
    print(f"{'generator':34} {'checked':>7} {'first draw: scene':>17} {'pixel':>5} {'redrawn':>7} {'shipped: scene':>14} {'pixel':>5}  most common pixel failures of first draws")
    tot = collections.Counter()
    for name in names:
        r = res[name]
        c = dict(checked=len(r), scene=sum(bool(x[0]) for x in r), pixel=sum(bool(x[1]) for x in r), redrawn=sum(x[4] > 0 for x in r),
                 shipped_scene=sum(bool(x[2]) for x in r), shipped_pixel=sum(bool(x[3]) for x in r))
        kinds = collections.Counter(kind(p) for x in r for p in set(x[1]))
        tot.update(c)
        print(f"{name:34} {c['checked']:>7} {c['scene']:>17} {c['pixel']:>5} {c['redrawn']:>7} {c['shipped_scene']:>14} {c['shipped_pixel']:>5}  " + '; '.join(f'{k} ({n})' for k, n in kinds.most_common(2)))
    print(f"{'all':34} {tot['checked']:>7} {tot['scene']:>17} {tot['pixel']:>5} {tot['redrawn']:>7} {tot['shipped_scene']:>14} {tot['shipped_pixel']:>5}   in {time.perf_counter() - t0:.0f} s")
    bad = [(name, x) for name in names for x in res[name] if x[0] or x[1] or x[2] or x[3]]
    if a.failures:
        with open(a.failures, 'w') as f:
            for name, (sp, pp, ssp, spp, red, q, ans, i, k) in bad:
                f.write(json.dumps(dict(generator=name, plan_index=i, instance=k, seed=a.seed, question=q, answer=ans, scene=sp, pixel=pp,
                                        redraws=red, shipped_scene=ssp, shipped_pixel=spp)) + '\n')
    for name in names:
        for sp, pp, ssp, spp, red, q, ans, *_ in [x for n2, x in bad if n2 == name][:a.show]:
            print(f'FAIL {name}: {q} -> {ans}: first draw: scene {sp[:2]} pixel {pp[:3]}; redraws {red}; shipped: scene {ssp[:1]} pixel {spp[:1]}')
    return 1 if tot['shipped_scene'] or tot['shipped_pixel'] else 0

if __name__ == '__main__': raise SystemExit(main())
