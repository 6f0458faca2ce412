"""Six model families through the Hugging Face adapter from the command line, as a user would run them: tiny from-config
Llava, Llava-NeXT, Idefics3, Qwen2-VL, Qwen2.5-VL and LLaVA-NeXT-Video models (built offline by `tiny_model`) answer a picture benchmark
and a video benchmark through `tma evaluate -m hf:PATH --dtype bfloat16 --batch-size 4 --device cpu`. Prints, per family and
benchmark, the items, model calls, errors, replies parsed and unparsed, the seconds the evaluation reports and the seconds the
whole command took (with starting Python and importing torch and transformers). Families whose
processors need torchvision are reported as skipped, with the reason, where torchvision cannot be used.
Usage: python benchmarks/hf_families.py [--plans 3] [--orders 2] [--batch-size 4] [--dtype bfloat16]"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import tma_nb.stickers  # noqa: F401  (registers the sticker assets)
from tma_nb.export import generate_benchmark
from tma_nb.hf import TINY_KINDS, tiny_model, torchvision_missing

NEED_TV = ('qwen2_vl', 'qwen2_5_vl', 'llava_next_video')
BENCHES = {'picture': ['grid-what', 'grid-where'], 'video': ['video-sg-what-object', 'video-sg-what-action']}

def run(path, bench, db, a) -> tuple:
    "The JSON stats of one `tma evaluate` command and the seconds it took."
    cmd = [str(Path(sys.executable).parent / 'tma'), 'evaluate', '-m', f'hf:{path}', '--benchmark', str(bench), '--orders', str(a.orders),
           '--dtype', a.dtype, '--batch-size', str(a.batch_size), '--device', 'cpu', '--db', str(db), '--json', '--quiet']
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, 'HF_HUB_OFFLINE': '1'})
    dt = time.perf_counter() - t
    if r.returncode: raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr[-2000:]}")
    return json.loads(r.stdout[:r.stdout.rindex('}') + 1])['stats'][0], dt

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--plans', type=int, default=3); ap.add_argument('--orders', type=int, default=2)
    ap.add_argument('--batch-size', type=int, default=4); ap.add_argument('--dtype', default='bfloat16')
    a = ap.parse_args()
    why = torchvision_missing()
    import torch, transformers
    tv = 'none usable' if why else __import__('torchvision').__version__
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, torchvision {tv}; "
          f"--dtype {a.dtype} --batch-size {a.batch_size} --orders {a.orders}, {torch.get_num_threads()} threads\n")
    print('| family | benchmark | items | calls | errors | parsed | unparsed | evaluation s | command s |')
    print('|---|---|---|---|---|---|---|---|---|')
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        benches = {k: generate_benchmark(d / k, g, n=a.plans, seed=1, progress=False) for k, g in BENCHES.items()}
        for kind in TINY_KINDS:
            if kind in NEED_TV and why:
                print(f'| {kind} | (skipped: {why}) | | | | | | | |'); continue
            path = tiny_model(kind, d / kind)
            for name, bench in benches.items():
                st, dt = run(path, bench, d / f'{kind}-{name}.db', a)
                print(f"| {kind} | {name} | {st['items']} | {st['calls']} | {st['errors']} | {st['items'] - st['errors'] - st['unparsed']} "
                      f"| {st['unparsed']} | {st['seconds']:.1f} | {dt:.1f} |", flush=True)

if __name__ == '__main__': main()
