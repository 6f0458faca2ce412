"Scale: balanced sampling, sharded streaming writes, resuming a killed generation, and --workers giving the same output as one process."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pyarrow.parquet as pq
import pytest
from tma_nb.export import generate_benchmark, partial_path, load_benchmark
from tma_nb.evaluate import evaluate
from tma_nb.store import ResultStore

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get('PYTHONPATH', ''))

def tma(*args, check=True):
    r = subprocess.run([sys.executable, '-c', 'from tma_nb.cli import main; main()', *map(str, args)], capture_output=True, text=True, env=ENV)
    if check: assert r.returncode == 0, r.stderr
    return r

def files(p:Path) -> dict:
    return {str(f.relative_to(p)): f.read_bytes() for f in sorted(p.rglob('*')) if f.is_file()}

GENS, WHERE = ['grid-where', 'grid-how-many'], ['target_category=animal']

def test_several_generators_share_the_plans(tmp_path):
    tma('generate', '-g', 'grid-where', '-g', 'grid-how-many', '-n', '12', '--seed', '3', '--out', tmp_path / 'b', '--quiet', '--workers', '1')
    assert load_benchmark(tmp_path / 'b').task_type.value_counts().to_dict() == {'grid-where': 6, 'grid-how-many': 6}
    tma('generate', '-g', 'grid-where', '-g', 'grid-how-many', '-n', '12', '--seed', '3', '--out', tmp_path / 'p', '--quiet', '--workers', '1', '--balance', 'plans')
    assert set(load_benchmark(tmp_path / 'p').task_type) == {'grid-where'}   # how-many holds 0.03 % of the plans

def test_workers_give_the_same_files(tmp_path):
    a = generate_benchmark(tmp_path / 'a', GENS, WHERE, n=9, seed=5, instances=2, progress=False, balance='generators', workers=1, shard_rows=7)
    b = generate_benchmark(tmp_path / 'b', GENS, WHERE, n=9, seed=5, instances=2, progress=False, balance='generators', workers=2, shard_rows=7)
    fa = files(a)
    assert sorted(fa) == ['benchmark.json', 'data/train-00000.parquet', 'data/train-00001.parquet', 'data/train-00002.parquet']
    assert fa == files(b)
    assert [pq.ParquetFile(a / 'data' / f'train-0000{i}.parquet').metadata.num_rows for i in range(3)] == [7, 7, 4]
    r1 = json.loads(tma('validate', a, '--json', '--workers', '1').stdout)
    r2 = json.loads(tma('validate', a, '--json', '--workers', '2').stdout)
    assert r1 == r2 == {'checked': 18, 'failures': 0}

KILLED = """
import sys
from tma_nb.export import generate_benchmark
generate_benchmark(sys.argv[1], ['grid-where'], ['grid=2x2'], n=40, seed=9, progress=False, shard_rows=10, workers=1)
"""

def test_killed_generation_resumes_byte_identical(tmp_path):
    whole = generate_benchmark(tmp_path / 'whole', ['grid-where'], ['grid=2x2'], n=40, seed=9, progress=False, shard_rows=10)
    out = tmp_path / 'out'; part = partial_path(out)
    p = subprocess.Popen([sys.executable, '-c', KILLED, str(out)], env=ENV)
    t = time.time()
    while not (part / 'data' / 'train-00001.parquet').exists():   # two shards finished
        assert p.poll() is None and time.time() - t < 300, 'the generation ended before it could be killed'
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL); p.wait()
    kept = {f.name: f.stat().st_mtime_ns for f in (part / 'data').glob('*.parquet')}
    assert not out.exists() and 2 <= len(kept) < 4
    generate_benchmark(out, ['grid-where'], ['grid=2x2'], n=40, seed=9, progress=False, shard_rows=10)
    assert files(out) == files(whole) and not part.exists()
    assert {f: (out / 'data' / f).stat().st_mtime_ns for f in kept} == kept   # finished shards were not made again

def _answers(db):
    with ResultStore(db, readonly=True) as s:
        df = s.answers()
    return df.drop(columns=[c for c in ('seconds', 'created', 'run_created') if c in df]).sort_values('item').reset_index(drop=True)

def test_evaluation_with_workers_stores_the_same_answers(tmp_path):
    from tma_nb.export import select_plans
    plans = select_plans(GENS, WHERE, n=6, seed=2, balance='generators')
    for w in (1, 2):
        st = evaluate('probe-base', plans, n_instances=2, n_orders=2, db=tmp_path / f'{w}.db', progress=False, workers=w)
        assert st.calls == 24 and st.errors == 0
    a, b = _answers(tmp_path / '1.db'), _answers(tmp_path / '2.db')
    assert len(a) == 24 and a.equals(b)

def test_endpoint_concurrency_is_faster_with_the_same_answers(tmp_path):
    "A served probe that answers 0.2 s late: eight requests in flight finish several times sooner than one at a time, with the same stored replies."
    from tma_nb.endpoints import Server, OpenAIModel
    from tma_nb.export import generate_benchmark
    bench = generate_benchmark(tmp_path / 'b', ['grid-where', 'grid-what'], ['grid=2x2'], n=8, seed=4, instances=2, balance='generators', progress=False)
    took = {}   # instances drawn (and checked) once, before the clock: the times are the model calls'
    with Server("probe-base", port=0, latency=0.2) as srv:
        for k in (1, 8):
            st = evaluate(OpenAIModel(srv.url, 'probe-base', concurrency=k), benchmark=bench, n_orders=2, db=tmp_path / f'{k}.db', progress=False)
            assert st.calls == 32 and st.errors == 0
            took[k] = st.seconds
    a, b = _answers(tmp_path / '1.db'), _answers(tmp_path / '8.db')
    assert a.drop(columns='run').equals(b.drop(columns='run'))
    assert took[1] > 32 * 0.2 and took[8] < took[1] / 4, took   # the benchmark (benchmarks/scale_bench.py --only concurrency) measures it on more requests
