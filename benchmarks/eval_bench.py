"""Evaluation engine cost, measured side by side in one run: per-call overhead beyond the model and picture
generation (with the instant `first-option` model), the time of a rerun that finds every answer stored, and peak memory
(this process, and the largest worker process when --workers > 1).
Usage: python benchmarks/eval_bench.py [--plans 100] [--instances 5] [--orders 3] [--workers 1] [-g GENERATOR ...] [--balance plans|generators]"""
import argparse, resource, tempfile, time
from pathlib import Path
import tma_nb.stickers
from tma_nb.export import select_plans
from tma_nb.evaluate import evaluate

def peak_mb(who=resource.RUSAGE_SELF) -> float: return resource.getrusage(who).ru_maxrss / 1024

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--plans', type=int, default=100); ap.add_argument('--instances', type=int, default=5)
    ap.add_argument('--orders', type=int, default=3); ap.add_argument('--model', default='first-option'); ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--balance', default='plans', choices=['plans', 'generators']); ap.add_argument('--generator', '-g', action='append')
    a = ap.parse_args()
    plans = select_plans(a.generator, [], n=a.plans, seed=0, balance=a.balance)
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / 'r.db'
        st = evaluate(a.model, plans, n_instances=a.instances, n_orders=a.orders, db=db, progress=False, workers=a.workers)
        t = time.perf_counter(); again = evaluate(a.model, plans, n_instances=a.instances, n_orders=a.orders, db=db, progress=False); rerun = time.perf_counter() - t
    print(f"first run ({a.workers} worker{'s' if a.workers > 1 else ''}): {st.calls} model calls in {st.seconds:.2f} s "
          f"(model {st.model_seconds:.2f} s, drawing{' (waiting for workers)' if a.workers > 1 else ''} {st.generate_seconds:.2f} s)")
    print(f"engine overhead per call (store, extraction, prompts, keys): {st.overhead_ms:.3f} ms")
    print(f"rerun: {again.calls} model calls, {again.cached} answers found stored, {rerun:.2f} s "
          f"({rerun / st.seconds:.3f} of the first run)")
    print(f"peak RSS: {peak_mb():.0f} MB this process" + (f", {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB the largest worker" if a.workers > 1 else ''))

if __name__ == '__main__': main()
