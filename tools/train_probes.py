"""Train the probe zoo deterministically on generated 2D tasks and write tma_nb/data/probes/<name>.pt.
The pool of training instances (96-pixel pictures, seed 1, never the seeds used for evaluation examples) is cached in
--pool so retraining skips generation.
Usage: python tools/train_probes.py [--per-generator 3000] [--epochs 10] [--pool /tmp/tma_probe_pool.pkl] [--only NAME]"""
import argparse, pickle, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
import tma_nb.stickers
from tma_nb.generator import get_generator
from tma_nb.models import Prompt
from tma_nb.probes import PROBES, RES, tokens, question_of, train, weights_path
from PIL import Image
import io

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']

def make(args):
    name, plans = args
    g = type(get_generator(name))(size=96)
    out = []
    for p in plans:
        ins = g.generate(p, index=0, seed=1)
        req = Prompt().request(ins)
        px = np.asarray(Image.open(io.BytesIO(ins.image)).convert('RGB').resize((RES, RES), Image.Resampling.BOX), dtype=np.uint8).transpose(2, 0, 1)
        out.append((name, ins.plan, px, tokens(question_of(req)), [tokens(o) for o in req.options], req.meta['answer']))
    return out

def pool(n, path):
    if path.exists(): return pickle.loads(path.read_bytes())
    t = time.perf_counter()
    jobs = []
    for name in GENS:
        s = get_generator(name).space
        plans = s.plans(s.sample_indices(n, 1))
        jobs += [(name, plans[i:i + 250]) for i in range(0, len(plans), 250)]
    with ProcessPoolExecutor(2) as ex: rows = [r for ch in ex.map(make, jobs) for r in ch]
    P = dict(generator=[r[0] for r in rows], plan=[r[1] for r in rows], pixels=np.stack([r[2] for r in rows]),
             question=[r[3] for r in rows], options=[r[4] for r in rows], answer=np.array([r[5] for r in rows]))
    path.write_bytes(pickle.dumps(P))
    print(f"pool of {len(rows)} instances in {time.perf_counter() - t:.0f} s")
    return P

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--per-generator', type=int, default=3000); ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--pool', default='/tmp/tma_probe_pool.pkl'); ap.add_argument('--only', action='append')
    a = ap.parse_args()
    import torch
    P = pool(a.per_generator, Path(a.pool))
    for name in a.only or PROBES:
        t = time.perf_counter()
        ck = train(P, name, epochs=a.epochs, **PROBES[name].get('config', {}))
        out = weights_path(name); out.parent.mkdir(parents=True, exist_ok=True)
        torch.save(ck, out)
        print(f"{name}: {time.perf_counter() - t:.0f} s, {out.stat().st_size / 1e6:.2f} MB -> {out}")

if __name__ == '__main__': main()
