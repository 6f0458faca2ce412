"""Evaluation engine cost, measured side by side in one run: per-call overhead beyond the model and picture
generation (with the instant `first-option` model), and the time of a rerun that finds every answer stored.
Usage: python benchmarks/eval_bench.py [--plans 100] [--instances 5] [--orders 3]"""
import argparse, tempfile, time
from pathlib import Path
import tma_nb.stickers
from tma_nb.export import select_plans
from tma_nb.evaluate import evaluate

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--plans', type=int, default=100); ap.add_argument('--instances', type=int, default=5)
    ap.add_argument('--orders', type=int, default=3); ap.add_argument('--model', default='first-option')
    a = ap.parse_args()
    plans = select_plans(None, [], n=a.plans, seed=0)
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / 'r.db'
        st = evaluate(a.model, plans, n_instances=a.instances, n_orders=a.orders, db=db, progress=False)
        t = time.perf_counter(); again = evaluate(a.model, plans, n_instances=a.instances, n_orders=a.orders, db=db, progress=False); rerun = time.perf_counter() - t
    print(f"first run: {st.calls} model calls in {st.seconds:.2f} s (model {st.model_seconds:.2f} s, drawing {st.generate_seconds:.2f} s)")
    print(f"engine overhead per call (store, extraction, prompts, keys): {st.overhead_ms:.3f} ms")
    print(f"rerun: {again.calls} model calls, {again.cached} answers found stored, {rerun:.2f} s "
          f"({rerun / st.seconds:.3f} of the first run)")

if __name__ == '__main__': main()
