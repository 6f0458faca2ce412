"""Plan-space throughput: exact counts of filtered subspaces, seeded sampling, streaming to Parquet, and instance generation.
Usage: python benchmarks/plans_bench.py"""
import os, tempfile, time
import numpy as np
from tma_nb.generator import union_space, get_generator
import tma_nb.stickers

def timed(f, reps=1):
    t = time.perf_counter()
    for _ in range(reps): r = f()
    return r, (time.perf_counter() - t) / reps

space, dt = timed(lambda: union_space())
print(f"union of all generators: {len(space):,} plans; built in {dt*1000:.0f} ms")
filters = [('target_category=animal',), ('attribute_type=color', 'grid=3x3'), ('target_category=food', 'reference_category=vehicle', 'relation=left'),
           ('generator=grid-how-many', 'count=3'), ('target_category=dog', 'attribute_value=red,blue')]
for f in filters:
    n, dt = timed(lambda: len(space.where(*f)))
    print(f"count {' & '.join(f):60} {n:>14,}  {dt*1000:7.1f} ms")
_, dt = timed(lambda: space.sample(10_000, seed=1))
print(f"sample 10,000 plans (to a DataFrame): {dt*1000:.0f} ms")
with tempfile.TemporaryDirectory() as d:
    sub = space.where('target_category=animal', 'grid=3x3')
    n = min(len(sub), 5_000_000)
    idx = np.arange(n)
    t = time.perf_counter(); sub.to_parquet(os.path.join(d, 'p.parquet'), idx=idx); dt = time.perf_counter() - t
    print(f"stream {n:,} plans to Parquet: {dt:.2f} s = {n/dt/1e6:.2f} M plans/s (one core)")
for g in ('grid-what', 'grid-how-many'):
    gen = get_generator(g)
    plans = gen.space.plans(gen.space.sample_indices(200, 0))
    _, dt = timed(lambda: [gen.generate(p, seed=0, accept=None) for p in plans])
    _, dc = timed(lambda: [gen.generate(p, seed=0) for p in plans])
    _, ds = timed(lambda: [gen.generate(p, seed=0, render=False) for p in plans])
    print(f"{g}: {200/dt:.0f} instances/s with 512² PNG, {200/dc:.0f} checked by both validators (the default), {200/ds:.0f} scenes/s without drawing (one core)")
