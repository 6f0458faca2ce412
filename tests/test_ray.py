"Ray: a head on 127.0.0.1 with 2 CPUs, started and stopped here; `--ray ADDRESS` generation and evaluation give the same files and stored answers as local runs."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest

pytest.importorskip('ray')

from tma_nb.export import generate_benchmark, partial_path, select_plans, shard_name
from tma_nb.evaluate import evaluate
from tma_nb.ray_run import ray_head
from tma_nb.store import ResultStore

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get('PYTHONPATH', ''), RAY_USAGE_STATS_ENABLED='0')

def py(code, *args) -> str:
    "Run Python `code` with `args` in a fresh process (a Ray client of the head; this process never connects); its stdout."
    r = subprocess.run([sys.executable, '-c', code, *map(str, args)], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    return r.stdout

def tma(*args) -> str: return py('from tma_nb.cli import main; main()', *args)

def files(p:Path) -> dict:
    return {str(f.relative_to(p)): f.read_bytes() for f in sorted(p.rglob('*')) if f.is_file()}

def stored(db) -> 'pd.DataFrame':
    "Every stored answer with its item, in item order; only the timings (which differ between any two runs) left out."
    with ResultStore(db, readonly=True) as s: return s.answers().drop(columns=['seconds']).sort_values('item').reset_index(drop=True)

@pytest.fixture(scope='module')
def head():
    "The address of a Ray head on 127.0.0.1 with 2 CPUs, no GPU, no dashboard, started here; every process of it is stopped at the end."
    with ray_head(cpus=2) as (address, env):
        ENV.update(env)
        try: yield address
        finally:
            for k in env: ENV.pop(k)

KW = dict(generators=['grid-where', 'grid-how-many'], where=['target_category=animal'], seed=5, balance='generators', progress=False)

RESUME = """
import sys
from tma_nb.ray_run import ray_generate
ray_generate(sys.argv[1], ['grid-where', 'grid-how-many'], ['target_category=animal'], n=7, instances=2, shard_rows=4, seed=5,
             balance='generators', progress=False, address=sys.argv[2])
"""

def test_generate_through_ray_is_byte_identical(head, tmp_path):
    here = generate_benchmark(tmp_path / 'here', n=8, workers=1, shard_rows=3, **KW)
    tma('generate', '-g', 'grid-where', '-g', 'grid-how-many', '-w', 'target_category=animal', '-n', 8, '--seed', 5,
        '--shard-rows', 3, '--out', tmp_path / 'ray', '--quiet', '--ray', head)   # three shards, three Ray tasks
    assert len(files(here)) == 4 and files(tmp_path / 'ray') == files(here)
    # several shards made by Ray tasks at once; one of them already finished by an earlier, stopped run
    small = generate_benchmark(tmp_path / 'small', n=7, instances=2, shard_rows=4, workers=1, **KW)
    assert sorted(files(small)) == ['benchmark.json'] + [f'data/{shard_name(i)}' for i in range(4)]
    part = partial_path(tmp_path / 'resumed'); (part / 'data').mkdir(parents=True)
    shutil.copy(small / 'benchmark.json', part); shutil.copy(small / 'data' / shard_name(1), part / 'data')
    kept = (part / 'data' / shard_name(1)).stat().st_mtime_ns
    py(RESUME, tmp_path / 'resumed', head)
    assert files(tmp_path / 'resumed') == files(small)
    assert (tmp_path / 'resumed' / 'data' / shard_name(1)).stat().st_mtime_ns == kept   # not made again

AGAIN = """
import json, sys
from tma_nb.export import select_plans
from tma_nb.ray_run import ray_evaluate
db, bench, db2, head = sys.argv[1:]
plans = select_plans(['grid-where', 'grid-what-attribute'], ['grid=2x2'], 10, 3, 'generators')
again = ray_evaluate('sim-spatial-weak', plans, n_instances=2, seed=3, db=db, progress=False, address=head)
st = ray_evaluate('random', benchmark=bench, n_orders=2, db=db2, progress=False, address=head, actors=2)
print(json.dumps([[again.calls, again.cached], [st.calls, st.cached]]))
"""

def test_evaluate_through_ray_stores_the_same_answers_once(head, tmp_path):
    plans = select_plans(['grid-where', 'grid-what-attribute'], ['grid=2x2'], 10, 3, 'generators')
    evaluate('sim-spatial-weak', plans, n_instances=2, seed=3, db=tmp_path / 'here.db', progress=False)
    through = json.loads(tma('evaluate', '-m', 'sim-spatial-weak', '-g', 'grid-where', '-g', 'grid-what-attribute', '-w', 'grid=2x2',
                             '--plans', 10, '--instances', 2, '--seed', 3, '--quiet', '--json', '--db', tmp_path / 'ray.db', '--ray', head, '--workers', 2))
    assert through['stats'][0]['calls'] == 10 * 2 * 3
    a, b = stored(tmp_path / 'here.db'), stored(tmp_path / 'ray.db')
    assert len(b) == 60 and b.item.is_unique and a.equals(b)   # every answer once, the same as here
    # a rerun asks nothing; a benchmark folder's rows travel to the replicas with the work
    bench = generate_benchmark(tmp_path / 'b', n=6, instances=2, **KW)
    evaluate('random', benchmark=bench, n_orders=2, db=tmp_path / 'bh.db', progress=False)
    assert json.loads(py(AGAIN, tmp_path / 'ray.db', bench, tmp_path / 'br.db', head)) == [[0, 60], [24, 0]]
    assert stored(tmp_path / 'bh.db').equals(stored(tmp_path / 'br.db')) and len(stored(tmp_path / 'br.db')) == 24
