"""Scale, measured side by side in one run:
1. 2D instances/s per core at 512² with PNG (CPU time of one process): ours, drawing only (`accept=None`, `--no-check`), against the reference-equivalent path — the same
   scenes drawn the way the reference draws them (every object's picture opened from its file, resized to the whole cell with
   Pillow's default filter, pasted on an RGBA canvas, converted to RGB, PNG at Pillow's default level 6). The reference's own
   scene code (pandas queries per object) is not included, so the reference-equivalent path is if anything faster than the reference.
   Then ours as `generate` ships by default: each draw checked by both validators, a failing one drawn again.
2. `tma generate --no-check` instances/s with 1 and 2 workers and through Ray (`--ray` to a head with 2 CPUs started here, when the ray
   extra is installed), wall time, the same shards written by each; the Ray figure includes connecting and its workers' start.
3. Peak RSS of `tma generate --no-check --workers 1` at N = 10³, 10⁴ (and 10⁵ with --big), and whether `datasets` loads the result.
4. `tma evaluate --endpoint` against `tma serve -m random --delay 0.2` (a real server process on 127.0.0.1 sending each
   reply 0.2 s after its answer, replies in flight waiting together, as a remote service does) with --concurrency 1 and 8: wall time of the evaluation and whether the stored answers are identical.
5. `benchmarks/eval_bench.py --workers 2` (100 plans drawn uniformly over every generator's plans, 5 instances x 3 orders):
   its wall time and peak RSS of the parent and the largest worker.
Usage: python benchmarks/scale_bench.py [--per-generator 60] [--workers-n 400] [--rss 1000 10000] [--big] [--only core|workers|rss|concurrency|eval]"""
import argparse, importlib.util, io, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
from PIL import Image
from tma_nb.generator import get_generator
import tma_nb.stickers

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']
ROOT = Path(__file__).resolve().parents[1]

def reference_render(gen, scene) -> bytes:
    "The reference's drawing steps on our scene: a white RGBA canvas, each picture read from its file and stretched to its cell."
    W, H = scene['size']; g = scene['grid']; cell = W // g
    img = Image.new('RGBA', (W, H), (255, 255, 255, 255))
    for o in scene['objects']:
        pic = Image.open(gen.assets.folder / o['view'] / f"{o['category']}.png") if o['view'] != 'own' else gen.assets.image(o['category'], o['view'])
        pic = pic.convert('RGBA').resize((cell, cell))
        r, c = divmod(o['cell'], g)
        img.paste(pic, (c * cell, r * cell), pic)
    buf = io.BytesIO(); img.convert('RGB').save(buf, format='PNG')
    return buf.getvalue()

def per_core(per_gen:int, warm:int=4):
    work, before = [], []
    for g in GENS:
        gen = get_generator(g)
        idx = gen.space.sample_indices(per_gen * (warm + 1), 0)
        work += [(gen, p) for p in gen.space.plans(idx[:per_gen])]
        before += [(gen, p) for p in gen.space.plans(idx[per_gen:])]
    for gen, p in before: gen.generate(p, seed=0, accept=None)   # other plans first: pictures read from disk once, as in any long run; the measured plans are fresh
    t = time.process_time(); ours = [gen.generate(p, seed=0, accept=None) for gen, p in work]; dt_ours = time.process_time() - t
    t = time.process_time(); shipped = [gen.generate(p, seed=0) for gen, p in work]; dt_checked = time.process_time() - t
    t = time.process_time()
    ref = []
    for gen, p in work:
        ins = gen.generate(p, seed=0, render=False)
        ref.append(reference_render(gen, ins.scene))
    dt_ref = time.process_time() - t
    n = len(work)
    print(f"2D per core, 512² PNG, {n} fresh instances of {len(GENS)} generators after {len(before)} others (CPU seconds of one process):")
    print(f"  ours                  {n / dt_ours:7.1f} instances/s  ({1000 * dt_ours / n:.1f} ms each, {sum(len(i.image) for i in ours) / n / 1024:.0f} KiB PNG)")
    print(f"  reference-equivalent  {n / dt_ref:7.1f} instances/s  ({1000 * dt_ref / n:.1f} ms each, {sum(map(len, ref)) / n / 1024:.0f} KiB PNG)")
    print(f"  ratio ours / reference-equivalent: {dt_ref / dt_ours:.2f}x")
    redrawn = sum(a.image != b.image for a, b in zip(ours, shipped))
    print(f"  ours, checked by both validators (the default): {n / dt_checked:7.1f} instances/s  ({1000 * dt_checked / n:.1f} ms each, {dt_checked / dt_ours:.1f}x the drawing; {redrawn} of {n} drawn again)")

def tma(*args, env=None) -> tuple:
    "Run `tma` in a fresh process: (wall seconds, peak RSS in MB of it and its workers; not of Ray's workers, which the head starts)."
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:]); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, '-c', code, sys.executable, '-c', 'from tma_nb.cli import main; main()', *map(str, args)],
                       capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})))
    if r.returncode: raise SystemExit(r.stderr[-2000:])
    wall, rss = map(float, r.stdout.split()[-2:])
    return wall, rss

def files(p:Path) -> dict: return {str(f.relative_to(p)): f.read_bytes() for f in sorted(p.rglob('*')) if f.is_file()}

def workers(n:int, d:Path):
    shard = max(1, n // 4)   # four shards: work for four Ray tasks; the same shards for every run
    print(f"tma generate --no-check, {n:,} instances of the five 2D generators in shards of {shard} (wall time, 2 cores shared with whatever else runs):")
    base, args = None, [*sum((['-g', g] for g in GENS), []), '-n', n, '--seed', 1, '--shard-rows', shard, '--quiet', '--no-check']
    for w in (1, 2):
        wall, rss = tma('generate', *args, '--out', d / f'w{w}', '--workers', w)
        base = base or wall
        print(f"  --workers {w}: {n / wall:6.1f} instances/s  ({wall:.1f} s, {base / wall:.2f}x of one worker, peak RSS {rss:.0f} MB)")
    outs = ['w2']
    if importlib.util.find_spec('ray') is None: print("  --ray: not measured, Ray is not installed (pip install 'tma_nb[ray]')")
    else:
        from tma_nb.ray_run import ray_head
        t = time.perf_counter()
        with ray_head(cpus=2) as (address, env):
            up = time.perf_counter() - t
            wall, _ = tma('generate', *args, '--out', d / 'ray', '--ray', address, env=env)
        print(f"  --ray (a head with 2 CPUs on 127.0.0.1, started in {up:.0f} s): {n / wall:6.1f} instances/s  ({wall:.1f} s, {base / wall:.2f}x of one worker)")
        outs.append('ray')
    print(f"  the folders of --workers 1 and {', '.join(outs)} are byte-identical: {all(files(d / o) == files(d / 'w1') for o in outs)}")

def rss(sizes, d:Path):
    print("peak RSS of `tma generate --no-check --workers 1` (five 2D generators):")
    for n in sizes:
        out = d / f'n{n}'
        wall, mb = tma('generate', *sum((['-g', g] for g in GENS), []), '-n', n, '--seed', 2, '--out', out, '--quiet', '--workers', 1, '--no-check')
        size = sum(f.stat().st_size for f in (out / 'data').iterdir()) / 2**20
        loads = subprocess.run([sys.executable, '-c', "import os, sys; os.environ['HF_DATASETS_OFFLINE'] = '1'; import datasets; datasets.disable_progress_bars(); "
                                "ds = datasets.load_dataset(sys.argv[1], split='train', cache_dir=sys.argv[2]); print(ds.num_rows)", str(out), str(d / 'hf')],
                               capture_output=True, text=True)
        print(f"  N = {n:>7,}: peak RSS {mb:6.0f} MB, {wall:7.1f} s ({n / wall:.1f}/s), {size:,.0f} MiB on disk, "
              f"datasets loads {loads.stdout.strip() or 'FAILED: ' + loads.stderr.strip()[-200:]} rows")
        import shutil; shutil.rmtree(out); shutil.rmtree(d / 'hf', ignore_errors=True)

def concurrency(d:Path, plans:int=24):
    import sqlite3
    srv = subprocess.Popen([sys.executable, '-c', 'from tma_nb.cli import main; main()', 'serve', '-m', 'random', '--delay', '0.2', '--port', '0'],
                           stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        url = srv.stdout.readline().split(' at ')[1].split()[0]
        print(f"tma evaluate against `tma serve -m random --delay 0.2` at {url}, {plans} plans x 2 instances x 4 orders:")
        took, rows = {}, {}
        for k in (1, 8):
            db = d / f'c{k}.db'
            r = subprocess.run([str(x) for x in [sys.executable, '-c', 'from tma_nb.cli import main; main()', 'evaluate', '--endpoint', url, '--endpoint-model', 'random',
                                '--concurrency', k, '-g', 'grid-where', '-g', 'grid-what', '--plans', plans, '--instances', 2, '--orders', 4,
                                '--db', db, '--json', '--quiet', '--workers', 1]], capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
            if r.returncode: raise SystemExit(r.stderr[-2000:])
            st = json.loads(r.stdout)['stats'][0]
            took[k] = st['seconds']
            with sqlite3.connect(db) as con: rows[k] = con.execute('select item, reply, choice, correct, error from answers order by item').fetchall()
            print(f"  --concurrency {k}: {st['calls']} calls in {st['seconds']:.2f} s ({st['calls'] / st['seconds']:.1f} answers/s)")
        print(f"  speed-up {took[1] / took[8]:.1f}x; stored answers identical: {rows[1] == rows[8]}")
    finally: srv.terminate(); srv.wait(30)

def eval_bench():
    print("benchmarks/eval_bench.py --workers 2 (100 plans over all generators, 5 instances x 3 orders, the instant first-option model):")
    t = time.perf_counter()
    r = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'eval_bench.py'), '--workers', '2'], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if r.returncode: raise SystemExit(r.stderr[-2000:])
    for line in r.stdout.strip().splitlines(): print('  ' + line)
    print(f"  wall time of the whole script (first run and rerun): {time.perf_counter() - t:.1f} s")

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--per-generator', type=int, default=60); ap.add_argument('--workers-n', type=int, default=400)
    ap.add_argument('--rss', type=int, nargs='*', default=[1000, 10000]); ap.add_argument('--big', action='store_true', help='also N = 100,000')
    ap.add_argument('--only', choices=['core', 'workers', 'rss', 'concurrency', 'eval'])
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        if a.only in (None, 'core'): per_core(a.per_generator)
        if a.only in (None, 'workers'): workers(a.workers_n, d)
        if a.only in (None, 'concurrency'): concurrency(d)
        if a.only in (None, 'eval'): eval_bench()
        if a.only in (None, 'rss'): rss(a.rss + ([100_000] if a.big else []), d)

if __name__ == '__main__': main()
