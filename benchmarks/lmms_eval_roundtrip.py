"""lmms-eval end to end: export a benchmark as an lmms-eval task, run it in lmms-eval (its own venv) with a tma probe model behind
lmms-eval's model interface (the `tma_lmms` plugin, loaded through LMMS_EVAL_PLUGINS, no change to lmms-eval), import the
--log_samples output, and check that `tma results` matches our own evaluation of the same benchmark item by item.

    python benchmarks/lmms_eval_roundtrip.py [--venv benchmarks/.venv-lmms] [-n 8] [--model probe-base] [--out DIR]

The venv is created on first use: the CPU build of torch first (the version installed here), then `lmms-eval` with torch held
to that version, then this package (editable, with the probes extra); the script refuses a venv holding NVIDIA packages.
lmms-eval requires torchvision; where pip finds only a CUDA build of it (as on the development machines, whose index has no CPU
torchvision), that build cannot load against CPU torch and is removed again: lmms-eval's evaluation path runs without it.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sh(cmd, **kw):
    print('$', ' '.join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def make_venv(venv:Path):
    "lmms-eval in its own venv, CPU torch only."
    import torch
    tv = torch.__version__.split('+')[0]
    py = venv / 'bin' / 'python'
    if not py.exists():
        sh([sys.executable, '-m', 'venv', venv])
        sh([py, '-m', 'pip', 'install', '-q', f'torch=={tv}'])        # the CPU build first (a local wheel or --index-url .../whl/cpu)
    con = venv / 'torch-constraint.txt'; con.write_text(f'torch=={tv}\n')
    env = dict(os.environ, PIP_CONSTRAINT=' '.join(filter(None, [os.environ.get('PIP_CONSTRAINT'), '/etc/xdg/pip/constraints.txt'
                                                                if Path('/etc/xdg/pip/constraints.txt').exists() else '', str(con)])))
    if subprocess.run([py, '-c', 'import lmms_eval'], capture_output=True).returncode:
        sh([py, '-m', 'pip', 'install', '-q', 'lmms-eval', 'filelock<4'], env=env)   # lmms-eval 0.7.3 imports filelock._api, gone in filelock 4
    if subprocess.run([py, '-c', 'import tma_nb.probes'], capture_output=True, cwd='/').returncode:
        sh([py, '-m', 'pip', 'install', '-q', '-e', f'{ROOT}[probes]'], env=env)
    tv_ok = subprocess.run([py, '-c', 'import torchvision'], capture_output=True)
    if tv_ok.returncode and b'No module named' not in tv_ok.stderr:
        # lmms-eval requires torchvision, and pip can only find the CUDA build here (it needs libtorch_cuda and fails to load against
        # CPU torch: "operator torchvision::nms does not exist"); its evaluation core runs without it, so it goes
        print('torchvision cannot load against the CPU torch (a CUDA build?); removing it from the lmms-eval venv', flush=True)
        sh([py, '-m', 'pip', 'uninstall', '-y', '-q', 'torchvision'])
    pl = subprocess.run([py, '-m', 'pip', 'list'], capture_output=True, text=True).stdout
    nv = [l for l in pl.splitlines() if 'nvidia' in l.lower()]
    if nv: sys.exit(f"the lmms-eval venv holds NVIDIA packages ({', '.join(l.split()[0] for l in nv)}); make it again with CPU torch first")
    ver = {l.split()[0].lower(): l.split()[1] for l in pl.splitlines()[2:] if len(l.split()) >= 2}
    return py, {k: ver.get(k) for k in ('lmms_eval', 'lmms-eval', 'torch', 'transformers', 'datasets')}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--venv', default=str(ROOT / 'benchmarks' / '.venv-lmms'))
    ap.add_argument('--out', default=None, help='work folder (default: a new temporary one)')
    ap.add_argument('-n', type=int, default=8, help='plans (one instance each, 3 option orders)')
    ap.add_argument('--model', default='probe-base')
    ap.add_argument('--seed', type=int, default=11)
    a = ap.parse_args()
    import tma_nb.stickers
    from tma_nb.export import generate_benchmark
    from tma_nb.evaluate import evaluate, summarize
    from tma_nb.interop import export_lmms_eval, write_lmms_plugin
    from tma_nb.store import ResultStore
    from tma_nb.cli import main as tma

    t0 = time.perf_counter()
    py, versions = make_venv(Path(a.venv))
    t_venv = time.perf_counter() - t0
    out = Path(a.out or tempfile.mkdtemp(prefix='lmms-rt-'))
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    bench = generate_benchmark(out / 'bench', ['grid-where', 'grid-what', 'grid-what-attribute', 'grid-how-many'], n=a.n, seed=a.seed, progress=False)
    db = out / 'results.db'
    st = evaluate(a.model, benchmark=bench, n_orders=3, db=db, progress=False)
    task = export_lmms_eval(bench, out / 'task', task='tma_roundtrip')
    plugin = write_lmms_plugin(out / 'plugin')
    env = dict(os.environ, LMMS_EVAL_PLUGINS='tma_lmms', PYTHONPATH=f"{plugin}{os.pathsep}{ROOT}", HF_HUB_OFFLINE='1', HF_DATASETS_OFFLINE='1',
               TRANSFORMERS_OFFLINE='1', WANDB_MODE='disabled', HF_HOME=str(out / 'hf'), TOKENIZERS_PARALLELISM='false')
    t1 = time.perf_counter()
    r = subprocess.run([py, '-m', 'lmms_eval', '--model', 'tma', '--model_args', f'name={a.model}', '--tasks', 'tma_roundtrip',
                        '--include_path', task, '--batch_size', '1', '--log_samples', '--output_path', out / 'logs'],
                       env=env, cwd=out, capture_output=True, text=True)
    t_lmms = time.perf_counter() - t1
    if r.returncode: sys.exit(f"lmms-eval failed (exit {r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}")
    samples = sorted((out / 'logs').rglob('*samples_tma_roundtrip*.jsonl'))
    if not samples: sys.exit(f"lmms-eval wrote no samples file under {out / 'logs'}:\n{r.stderr[-3000:]}")
    res_json = sorted((out / 'logs').rglob('*results*.json'))
    lmms_acc = json.loads(res_json[-1].read_text())['results']['tma_roundtrip'] if res_json else {}
    rc_import = tma(['import', 'lmms-eval', str(samples[-1]), '--benchmark', str(bench), '--task', str(task), '--db', str(db),
                     '--model', f'lmms-eval:{a.model}'])
    with ResultStore(db, readonly=True) as s: m, ans = s.matrix(), s.answers()
    ours, theirs = m.loc[a.model], m.loc[f'lmms-eval:{a.model}']
    same = int((ours == theirs).sum())
    rep = ans.pivot(index='item', columns='model', values='reply')
    same_reply = int((rep[a.model] == rep[f'lmms-eval:{a.model}']).sum())
    print(f"versions: {versions}")
    print(f"items: ours {len(ours.dropna())}, lmms-eval {len(theirs.dropna())}; same correctness {same}/{m.shape[1]}, same reply {same_reply}/{m.shape[1]}")
    print(f"lmms-eval's own metrics (utils.py): {lmms_acc}")
    print(f"seconds: venv {t_venv:.1f}, our evaluation {st.seconds:.1f}, lmms-eval run {t_lmms:.1f}")
    rc = tma(['results', '--db', str(db)])
    tab = summarize(db, by=['generator']).pivot(index='generator', columns='model', values='accuracy')
    ok = rc == rc_import == 0 and same == m.shape[1] == len(ours.dropna()) and same_reply == m.shape[1] and (tab[a.model] == tab[f'lmms-eval:{a.model}']).all()
    print('item by item: all' if ok else 'item by item: MISMATCH')
    sys.exit(0 if ok else 1)


if __name__ == '__main__': main()
