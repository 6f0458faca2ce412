"""Train the probe zoo deterministically on generated tasks and write tma_nb/data/probes/<name>.pt.
Two pools of training instances (seed 1, never the seed used for evaluation examples), each cached so retraining skips
generation: the 2D sticker pool (96-pixel pictures scaled to 48, in --pool) for the probes of grid-* generators, and the
geometry pool (full 512-pixel diagrams scaled the way the probe looks at them, in --geo-pool) for the probes of geo-* generators.
Each probe's PROBES entry (the 2D zoo and the geometry probes) holds its network config and its training options (epochs,
batch, threads, and for geometry augment and repeat), so a plain run repeats the shipped weights.
Usage: python tools/train_probes.py [--per-generator 3000] [--geo-per-generator 1500] [--epochs N] [--only NAME] ..."""
import argparse, io, pickle, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
from PIL import Image
import tma_nb.stickers, tma_nb.geometry
from tma_nb.generator import get_generator
from tma_nb.geometry import GEOMETRY_GENERATORS
from tma_nb.models import Prompt
from tma_nb.probes import PROBES, RES, BUCKETS, tokens, question_of, pixels, train, weights_path

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']

def make(args):
    "One chunk of the 2D pool: 96-pixel pictures scaled to 48 by area."
    name, plans = args
    g = type(get_generator(name))(size=96)
    out = []
    for p in plans:
        ins = g.generate(p, index=0, seed=1)
        req = Prompt().request(ins)
        px = np.asarray(Image.open(io.BytesIO(ins.image)).convert('RGB').resize((RES, RES), Image.Resampling.BOX), dtype=np.uint8).transpose(2, 0, 1)
        out.append((name, ins.plan, px, tokens(question_of(req)), [tokens(o) for o in req.options], req.meta['answer']))
    return out

def make_geo(args):
    "One chunk of the geometry pool: (plan, instance index) pairs drawn at full size and scaled as the probe's `pixels` does."
    name, jobs, view = args
    g, out = get_generator(name), []
    for p, i in jobs:
        ins = g.generate(p, index=i, seed=1)
        req = Prompt().request(ins)
        px = np.round(pixels(ins.image, view['res'], view['downscale']) * 255).astype(np.uint8)
        out.append((name, ins.plan, px, tokens(question_of(req), view['qnames'], view['buckets']), [tokens(o, view['onames'], view['buckets']) for o in req.options], req.meta['answer']))
    return out

def _frame(rows):
    return dict(generator=[r[0] for r in rows], plan=[r[1] for r in rows], pixels=np.stack([r[2] for r in rows]),
                question=[r[3] for r in rows], options=[r[4] for r in rows], answer=np.array([r[5] for r in rows]))

def pool(n, path, workers=2):
    "The 2D pool: `n` sampled plans of each grid generator, one instance each."
    if path.exists(): return pickle.loads(path.read_bytes())
    t = time.perf_counter()
    jobs = []
    for name in GENS:
        s = get_generator(name).space
        plans = s.plans(s.sample_indices(n, 1))
        jobs += [(name, plans[i:i + 250]) for i in range(0, len(plans), 250)]
    with ProcessPoolExecutor(workers) as ex: rows = [r for ch in ex.map(make, jobs) for r in ch]
    P = _frame(rows)
    path.write_bytes(pickle.dumps(P))
    print(f"pool of {len(rows)} instances in {time.perf_counter() - t:.0f} s")
    return P

VIEW = dict(res=RES, downscale='area', qnames='words', onames='words', buckets=BUCKETS)   # what of a probe's config shapes its inputs

def geo_pool(n, path, view, workers=1):
    """The geometry pool: `n` instances of each geometry generator, over all its plans in a seeded order (a space smaller
    than `n` is walked again with the next instance index), as inputs of a probe that sees them as `view` says."""
    if path.exists():
        P = pickle.loads(path.read_bytes())
        if P.get('view') == view and len(P['answer']) == n * len(GEOMETRY_GENERATORS): return P
    t = time.perf_counter()
    jobs = []
    for name in GEOMETRY_GENERATORS:
        s = get_generator(name).space
        plans = s.plans(s.sample_indices(n, 1))
        pairs = [(plans[i % len(plans)], i // len(plans)) for i in range(n)]
        jobs += [(name, pairs[i:i + 250], view) for i in range(0, n, 250)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as ex: rows = [r for ch in ex.map(make_geo, jobs) for r in ch]
    else: rows = [r for j in jobs for r in make_geo(j)]
    P = dict(_frame(rows), view=view)
    path.write_bytes(pickle.dumps(P))
    print(f"geometry pool of {len(rows)} instances in {time.perf_counter() - t:.0f} s")
    return P

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--per-generator', type=int, default=3000, help='plans per 2D generator')
    ap.add_argument('--geo-per-generator', type=int, default=1500, help='instances per geometry generator')
    ap.add_argument('--epochs', type=int, default=None, help="passes over the pool (default: the probe's own, else 10)")
    ap.add_argument('--pool', default='/tmp/tma_probe_pool.pkl'); ap.add_argument('--geo-pool', default='/tmp/tma_probe_geo_pool.pkl')
    ap.add_argument('--workers', type=int, default=None, help='processes drawing a pool (default: 2 for the 2D pool, 1 for geometry)')
    ap.add_argument('--only', action='append', help='train only this probe (repeatable)')
    a = ap.parse_args()
    import torch
    pools = {}
    for name in a.only or PROBES:
        spec = PROBES[name]
        kind, cfg = spec['generators'], spec.get('config', {})
        view = {k: cfg.get(k, v) for k, v in VIEW.items()}
        if kind not in pools or pools[kind].get('view', VIEW) != view:
            pools[kind] = (geo_pool(a.geo_per_generator, Path(a.geo_pool), view, a.workers or 1)
                           if kind == 'geo-*' else pool(a.per_generator, Path(a.pool), a.workers or 2))
        opts = dict(spec.get('train', {}))
        if a.epochs is not None: opts['epochs'] = a.epochs
        t = time.perf_counter()
        ck = train(pools[kind], name, **opts, **cfg)
        out = weights_path(name); out.parent.mkdir(parents=True, exist_ok=True)
        torch.save(ck, out)
        print(f"{name}: {time.perf_counter() - t:.0f} s, {out.stat().st_size / 1e6:.2f} MB -> {out}")

if __name__ == '__main__': main()
