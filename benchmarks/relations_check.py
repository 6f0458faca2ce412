"""Relation questions must have exactly one true option: sample relation plans of every relation-based generator and count
wrong options that are true under a careful reader's half-plane reading.

"The object to the right of the cloud" is read as any object in a column right of the cloud's, in any row and at any
distance; "behind and to the left of" as the quadrant. For a what question a wrong option offends when it fits an object
in that region (a related category name, an equal or confusable attribute value, a look-alike shape). For a where
question a wrong relation offends when the answer implies it (a diagonal implies its two sides) or it is true of the
located object. This script reads the regions from the scenes' cells with its own grid arithmetic (not the generators'
helper), and also runs the independent validators (scene checks, no pixels) on every instance.
Scenes and texts only (render=False). By default 10^5 questions: 80 % spread over the four fast 2D generators, 20 % over
the eight 3D image, solid and clip generators (whose scenes take a visibility check each).
Usage: python benchmarks/relations_check.py [-n 100000] [--share-2d 0.8] [--seed 0] [--jobs 1] [--generator NAME ...]
"""
import argparse, collections, time
from concurrent.futures import ProcessPoolExecutor
from tma_nb.generator import get_generator, load_generators
from tma_nb.validate import Validator
from tma_nb.attributes import ATTRIBUTES, SOLID_ATTRIBUTES

GENS_2D = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute']
GENS_3D = ['3d-what', '3d-where', '3d-what-attribute', '3d-where-attribute', '3d-where-size',
           '3d-what-shape', '3d-what-solid-attribute', 'video-3d-where-rotate']
REL_2D = ['left', 'right', 'above', 'below', 'above left', 'above right', 'below left', 'below right']
REL_3D = ['left', 'right', 'behind', 'in front', 'behind left', 'behind right', 'in front left', 'in front right']
LOOK_ALIKE = [{'sphere', 'icosahedron'}, {'cylinder', 'hexagonal prism'}, {'pyramid', 'tetrahedron'}]
ROW_WORDS = {'top': 0, 'back': 0, 'middle': 1, 'bottom': -1, 'front': -1}
COL_WORDS = {'left': 0, 'middle': 1, 'right': -1}

def steps(words:str):
    "(row step, column step) of relation words, plan keys or answers alike ('behind and to the left' -> (-1, -1)); None if none."
    w = words.replace(' and to the', '').replace('to the ', '').split()
    if not w or any(x not in ('above', 'below', 'behind', 'in', 'front', 'left', 'right') for x in w): return None
    r = -1 if ('above' in w or 'behind' in w) else 1 if ('below' in w or 'front' in w) else 0
    c = -1 if 'left' in w else 1 if 'right' in w else 0
    return r, c

def cell_of(g, position:str) -> int:
    "Cell index of a position name ('top left', 'back right', 'center', 'middle right', …)."
    if position == 'center': return (g * g) // 2
    r, c = position.split()
    rr, cc = ROW_WORDS[r] % g, COL_WORDS[c] % g
    return rr * g + cc

def toward(g, cell, ref_cell, st) -> bool:
    "Is `cell` in the half-plane (quadrant) `st` from `ref_cell`?"
    sgn = lambda x: (x > 0) - (x < 0)
    (r, c), (rr, rc) = divmod(cell, g), divmod(ref_cell, g)
    return cell != ref_cell and (not st[0] or sgn(r - rr) == st[0]) and (not st[1] or sgn(c - rc) == st[1])

def offending(ins, t) -> tuple:
    "(wrong options fitting an object in the asked direction, wrong relations implied by the answer or true of the object)."
    plan, sc, gen = ins.plan, ins.scene, ins.generator
    g, objs = int(sc['grid']), sc['objects']
    rk = plan['reference_category']
    refs = [o for o in objs if t._anc[t.index[o['category']], t.index[rk]]]
    assert len(refs) == 1, f'{len(refs)} reference objects'
    ref, cell, st = refs[0]['cell'], cell_of(g, plan['position']), steps(plan['relation'])
    wrong = [o for o in ins.options if o != ins.answer]
    if '-where' in gen:
        a, b = (ref, cell) if plan.get('order') == 'reference first' else (cell, ref)
        ans = steps(ins.answer)
        bad = sum(1 for w in wrong if (s := steps(w)) and ((s[0] in (0, ans[0]) and s[1] in (0, ans[1])) or toward(g, a, b, s)))
        return 0, bad
    ahead = [o for o in objs if toward(g, o['cell'], ref, st)]
    at = plan.get('attribute_type')
    def fits(w, o):
        if gen == '3d-what-shape': return w == o['shape'] or any(w in s and o['shape'] in s for s in LOOK_ALIKE)
        if gen == '3d-what-solid-attribute': return SOLID_ATTRIBUTES[at].confused(w, o['attributes'].get(at, ''))
        if 'attribute' in gen: return ATTRIBUTES[at].confused(w, o['attributes'].get(at, ''))
        try: return bool(t.related(t.resolve(w), o['category']))
        except Exception: return False
    return sum(1 for w in wrong if any(fits(w, o) for o in ahead)), 0

def work(args):
    plans, seed = args
    v, out = Validator(pixels=False), collections.defaultdict(lambda: collections.Counter())
    examples = []
    for p in plans:
        gen = p['generator']
        c = out[gen]
        try:
            ins = get_generator(gen).generate(p, index=0, seed=seed, render=False)
            d, r = offending(ins, get_generator(gen).taxonomy)
            probs = v.check(ins)
        except Exception as e:   # a crash counts as a validator failure
            ins, d, r, probs = None, 0, 0, [f'{type(e).__name__}: {e}']
        c['checked'] += 1; c['direction'] += d > 0; c['relation'] += r > 0; c['invalid'] += bool(probs)
        if (d or r or probs) and len(examples) < 20: examples.append((gen, p, ins and ins.question, ins and ins.options, ins and ins.answer, probs))
    return {k: dict(c) for k, c in out.items()}, examples

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=100_000); ap.add_argument('--share-2d', type=float, default=0.8)
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--jobs', type=int, default=1); ap.add_argument('--generator', action='append')
    a = ap.parse_args()
    load_generators()
    gens = a.generator or GENS_2D + GENS_3D
    n2, n3 = [x for x in gens if x in GENS_2D], [x for x in gens if x not in GENS_2D]
    per = {x: round(a.n * (a.share_2d if n3 else 1) / len(n2)) for x in n2}
    per.update({x: round(a.n * ((1 - a.share_2d) if n2 else 1) / len(n3)) for x in n3})
    t0 = time.perf_counter()
    plans = []
    for x in gens:
        s = get_generator(x).space.where(relation=REL_2D if x in GENS_2D else REL_3D)
        plans += s.plans(s.sample_indices(per[x], a.seed))
    chunks = [(plans[i:i + 200], a.seed) for i in range(0, len(plans), 200)]
    total, examples = collections.defaultdict(collections.Counter), []
    results = map(work, chunks) if a.jobs == 1 else ProcessPoolExecutor(a.jobs).map(work, chunks)
    for by, ex in results:
        for k, c in by.items(): total[k].update(c)
        examples += ex
    dt = time.perf_counter() - t0
    print(f"{'generator':26} {'checked':>8} {'wrong option in the asked direction':>36} {'implied/true relation':>22} {'validator failed':>17}")
    for x in gens:
        c = total[x]
        print(f"{x:26} {c['checked']:>8} {c['direction']:>36} {c['relation']:>22} {c['invalid']:>17}")
    s = {k: sum(total[x][k] for x in gens) for k in ('checked', 'direction', 'relation', 'invalid')}
    print(f"{'all':26} {s['checked']:>8} {s['direction']:>36} {s['relation']:>22} {s['invalid']:>17}")
    print(f"{s['checked']} relation questions in {dt:.0f} s (seed {a.seed}, jobs {a.jobs}); offending {s['direction'] + s['relation']}, validator failures {s['invalid']}")
    for e in examples[:10]: print('EXAMPLE', e)
    return 1 if s['direction'] or s['relation'] or s['invalid'] else 0

if __name__ == '__main__': raise SystemExit(main())
