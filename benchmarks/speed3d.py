"""Cost of a 3D instance, old code against new, side by side in one run, and proof that the outputs did not change.

For each 3D image and clip generator asked, the same instances (plans sampled as benchmarks/validate_pixels.py samples them) are
generated, checked by the scene validator (`Validator`) and by the pixel-grounded validator (`PixelValidator`), once by the code
of `--base` (unpacked with `git archive` into a temporary folder) and once by this checkout, each in a fresh process (one untimed warm-up instance of another seed first), generator
by generator in turns so that a change of machine load falls on both alike. Prints seconds per instance per stage for both, and
counts instances whose picture/clip bytes, scene, question, options, answer or either validator's verdict differ (must be 0).
Usage: python benchmarks/speed3d.py [--base REV] [-n 4] [--seed 1000] [--generator NAME ...] [--out FILE.json]
"""
import argparse, hashlib, json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALL_3D = ['3d-how-many', '3d-how-many-solids', '3d-what', '3d-what-attribute', '3d-what-attribute-distance', '3d-what-attribute-size',
          '3d-what-distance', '3d-what-shape', '3d-what-size', '3d-what-solid-attribute', '3d-where', '3d-where-attribute',
          '3d-where-distance', '3d-where-size', 'video-3d-what-attribute-move', 'video-3d-what-attribute-rotate', 'video-3d-what-move',
          'video-3d-what-rotate', 'video-3d-what-shape-move', 'video-3d-what-solid-attribute-move', 'video-3d-where-move',
          'video-3d-where-rotate']

def sha(b) -> str: return hashlib.sha256(b).hexdigest()[:16]

def worker(name:str, n:int, seed:int) -> list:
    "Generate and check n instances of generator `name`; per instance its digests, verdicts and stage times."
    from tma_nb.generator import get_generator
    from tma_nb.validate import Validator
    from tma_nb.validate_pixels import PixelValidator
    g, sv, pv = get_generator(name), Validator(), PixelValidator()
    m = min(n, len(g.space))
    plans = [int(i) for i in g.space.sample_indices(m, seed)]
    idx = [(plans[j % m], j // m) for j in range(n)]
    w = g.generate(g.space.plans([plans[0]])[0], index=0, seed=seed + 1)   # warm-up, not timed: imports, offscreen windows, pictures read
    sv.check(w); pv.check(w)
    out = []
    for (i, k), p in zip(idx, g.space.plans([i for i, _ in idx])):
        t0 = time.perf_counter()
        ins = g.generate(p, index=k, seed=seed)
        t1 = time.perf_counter()
        s = sv.check(ins)
        t2 = time.perf_counter()
        x = pv.check(ins)
        t3 = time.perf_counter()
        media = ins.image if getattr(ins, 'image', None) else b''.join(ins.video or [])
        out.append(dict(generator=name, plan=i, k=k, media=sha(media), scene=sha(json.dumps(ins.scene, sort_keys=True, default=str).encode()),
                        qa=sha(json.dumps([ins.question, ins.options, ins.answer], default=str).encode()), scene_verdict=s, pixel_verdict=x,
                        gen=t1 - t0, sv=t2 - t1, pv=t3 - t2))
    return out

def run(src:Path, name:str, n:int, seed:int) -> list:
    env = {**os.environ, 'PYTHONPATH': str(src)}
    code = f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); from speed3d import worker; print(json.dumps(worker({name!r}, {n}, {seed})))"
    r = subprocess.run([sys.executable, '-c', code], env=env, cwd=src, capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"{src} {name} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--base', default='bb83b61', help='the commit whose code is the old path, or a folder holding that code')
    ap.add_argument('-n', type=int, default=4, help='instances per generator')
    ap.add_argument('--seed', type=int, default=1000); ap.add_argument('--generator', action='append')
    ap.add_argument('--out', help='write every record (old and new) to this JSON file')
    a = ap.parse_args()
    names = a.generator or ALL_3D
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp)
        if Path(a.base).is_dir(): old = Path(a.base).resolve()   # a folder holding the old code, unpacked already
        else:
            arch = subprocess.run(['git', 'archive', a.base], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(['tar', 'x'], input=arch, cwd=old, check=True)
        res = {'old': [], 'new': []}
        for j, name in enumerate(names):   # turns: old first for even generators, new first for odd ones
            for side in (('old', 'new') if j % 2 == 0 else ('new', 'old')):
                res[side] += run(old if side == 'old' else ROOT, name, a.n, a.seed)
    print(f"{'generator':36} {'n':>3} {'old gen':>8} {'new gen':>8} {'old sv':>7} {'new sv':>7} {'old pv':>7} {'new pv':>7} {'old all':>8} {'new all':>8} {'differ':>6}")
    tot = {'old': [0.0] * 3, 'new': [0.0] * 3}; ndiff = nall = 0
    keys = ('media', 'scene', 'qa', 'scene_verdict', 'pixel_verdict')
    for name in names:
        o = [r for r in res['old'] if r['generator'] == name]; w = [r for r in res['new'] if r['generator'] == name]
        d = sum(any(x[k] != y[k] for k in keys) for x, y in zip(o, w)) + abs(len(o) - len(w))
        ndiff += d; nall += len(o)
        st = {s: [sum(r[k] for r in rs) for k in ('gen', 'sv', 'pv')] for s, rs in (('old', o), ('new', w))}
        for s in st: tot[s] = [a_ + b_ for a_, b_ in zip(tot[s], st[s])]
        per = lambda s, i: st[s][i] / max(len(o), 1)
        print(f"{name:36} {len(o):>3} {per('old', 0):8.3f} {per('new', 0):8.3f} {per('old', 1):7.3f} {per('new', 1):7.3f} {per('old', 2):7.3f} "
              f"{per('new', 2):7.3f} {sum(st['old']) / max(len(o), 1):8.3f} {sum(st['new']) / max(len(o), 1):8.3f} {d:>6}")
    f = lambda s, i: tot[s][i] / max(nall, 1)
    print(f"{'all (s per instance)':36} {nall:>3} {f('old', 0):8.3f} {f('new', 0):8.3f} {f('old', 1):7.3f} {f('new', 1):7.3f} {f('old', 2):7.3f} "
          f"{f('new', 2):7.3f} {sum(tot['old']) / max(nall, 1):8.3f} {sum(tot['new']) / max(nall, 1):8.3f} {ndiff:>6}")
    print(f"speed-up (old / new, all stages): {sum(tot['old']) / max(sum(tot['new']), 1e-9):.2f}x; instances differing: {ndiff} of {nall}")
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))
    return 1 if ndiff else 0

if __name__ == '__main__': raise SystemExit(main())
