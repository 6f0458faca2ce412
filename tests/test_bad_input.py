"""Bad input to every `tma` command, table-driven plus hypothesis-generated argument strings: each must exit with code 2 and
one line naming the problem, never a traceback, never hang, and never change a file (hashes before and after). Most cases run
in process through `tma_nb.cli.main(argv)`; a sample runs through the installed `tma` command. `pytest -s` prints the counts
per command."""
import contextlib, hashlib, io, os, re, signal, socket, subprocess, sys, time
from collections import Counter, defaultdict
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from tma_nb.cli import main

TMA = str(Path(sys.executable).parent / 'tma')
HANG_S = 60   # a case still running after this long counts as a hang

class Hang(BaseException): pass
BUSY = [None]   # a port something already listens on

@pytest.fixture(scope='module')
def d(tmp_path_factory):
    "A folder of things a user might point a command at: a benchmark, plans, results, and broken or wrong files."
    from tma_nb.export import generate_benchmark
    from tma_nb.evaluate import evaluate
    from tma_nb.generator import get_generator
    d = tmp_path_factory.mktemp('bad')
    generate_benchmark(d / 'bench', ['grid-where'], n=2, seed=0, progress=False)
    get_generator('grid-where').space.to_parquet(d / 'plans.parquet', [0, 1, 2])
    raw = (d / 'bench' / 'data' / 'train-00000.parquet').read_bytes()
    (d / 'trunc.parquet').write_bytes(raw[:len(raw) // 2])
    (d / 'junk.parquet').write_bytes(b'garbage ' * 100); (d / 'empty.parquet').write_bytes(b'')
    pq.write_table(pa.table({'x': [1, 2]}), d / 'wrong.parquet')
    t = pq.read_table(d / 'bench' / 'data' / 'train-00000.parquet'); pq.write_table(t.drop(['plan']), d / 'noplan.parquet')
    evaluate('random', get_generator('grid-where').space.sample(2, 0), n_instances=1, n_orders=1, db=d / 'r.db', progress=False)
    (d / 'bad.db').write_bytes(b'not a database ' * 50)
    (d / 'afile').write_text('a file, not a folder\n')
    (d / 'adir').mkdir(); (d / 'adir' / 'keep.txt').write_text('keep\n'); (d / 'emptydir').mkdir()
    sock = socket.socket(); sock.bind(('127.0.0.1', 0)); sock.listen(1)
    BUSY[0] = sock.getsockname()[1]
    yield d
    sock.close()

def snapshot(d:Path) -> dict:
    "Hash of every file under `d` (SQLite's -wal/-shm sidecars, which a reader of a WAL database leaves empty, aside)."
    return {str(p.relative_to(d)): 'dir' if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob('*'))
            if not p.name.endswith(('.db-wal', '.db-shm'))}

# (argv with {d} for the fixture folder and {port} for a taken port, words the one line must contain)
CASES = [
    # top level
    ([], 'required'), (['bogus'], 'invalid choice'), (['--bogus'], 'required'),
    (['generators', '--bogus'], 'unrecognized'), (['generators', 'extra'], 'unrecognized'), (['models', '--bogus'], 'unrecognized'),
    (['assets'], 'required'), (['assets', 'bogus'], 'invalid choice'),
    # plans count
    (['plans'], 'required'), (['plans', 'bogus'], 'invalid choice'),
    (['plans', 'count', '-g', ''], 'non-empty'), (['plans', 'count', '-g', 'grid-wehre'], "did you mean 'grid-where'"),
    (['plans', 'count', '-g', 'grid-where', '-w', ''], 'cannot read condition'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'target_category='], 'empty value'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'grid!='], 'empty value'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'target_category=animal,'], 'empty value'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'target_category=,animal'], 'empty value'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'nonsense'], 'cannot read condition'),
    (['plans', 'count', '-g', 'grid-where', '-w', '=animal'], 'cannot read condition'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'bogus_col=1'], 'unknown column'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'grid=abc'], 'whole numbers'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'grid=3x4'], 'whole numbers'),
    (['plans', 'count', '-g', 'grid-where', '-w', 'target_category=dgo'], 'dgo'),
    (['plans', 'count', '-g', 'grid-where', '--json', 'extra'], 'unrecognized'),
    # plans sample
    (['plans', 'sample', '-n', '-1', '--out', '{d}/s.parquet'], 'from 1 to'),
    (['plans', 'sample', '-n', '0', '--out', '{d}/s.parquet'], 'from 1 to'),
    (['plans', 'sample', '-n', '1000000000000', '--out', '{d}/s.parquet'], 'from 1 to 10,000,000'),
    (['plans', 'sample', '-n', '99999999999999999999999', '--out', '{d}/s.parquet'], 'from 1 to 10,000,000'),
    (['plans', 'sample', '-n', 'abc', '--out', '{d}/s.parquet'], 'whole number'),
    (['plans', 'sample', '-n', '1.5', '--out', '{d}/s.parquet'], 'whole number'),
    (['plans', 'sample', '-n', '', '--out', '{d}/s.parquet'], 'whole number'),
    (['plans', 'sample', '-n', '3'], 'required'), (['plans', 'sample', '--out', '{d}/s.parquet'], 'required'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--seed', '-1', '--out', '{d}/s.parquet'], 'from 0 to'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--seed', '18446744073709551616', '--out', '{d}/s.parquet'], 'from 0 to'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--seed', 'abc', '--out', '{d}/s.parquet'], 'whole number'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', ''], 'non-empty'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '{d}'], 'is a folder'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '{d}/plans.parquet'], 'pass --overwrite'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '/proc/tma.parquet'], 'cannot write'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '{d}/afile/s.parquet'], 'cannot write'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '{d}/adir'], 'is a folder'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', '/dev/null', '--overwrite'], 'is a device'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '/dev/null', '--overwrite'], 'is a device'),
    (['plans', 'sample', '-g', 'grid-where', '-n', '3', '-w', 'grid=', '--out', '{d}/s.parquet'], 'empty value'),
    (['plans', 'sample', '-g', 'nope', '-n', '3', '--out', '{d}/s.parquet'], 'unknown generator'),
    (['plans', 'sample', '-g', 'grid-where', '-w', 'target_category=dgo', '-n', '3', '--out', '{d}/s.parquet'], 'dgo'),
    # plans stream
    (['plans', 'stream', '-g', 'grid-how-many', '--out', '{d}/plans.parquet'], 'pass --overwrite'),
    (['plans', 'stream', '-g', 'grid-how-many', '--out', '{d}'], 'is a folder'),
    (['plans', 'stream', '-g', 'grid-how-many', '--out', ''], 'non-empty'),
    (['plans', 'stream', '-g', 'grid-how-many', '--out', '/proc/tma.parquet'], 'cannot write'),
    (['plans', 'stream', '-g', 'grid-how-many', '-w', 'count=', '--out', '{d}/s.parquet'], 'empty value'),
    (['plans', 'stream', '-g', 'bogus', '--out', '{d}/s.parquet'], 'unknown generator'),
    (['plans', 'stream'], 'required'),
    # generate
    (['generate', '-g', 'grid-where', '-n', '-1', '--out', '{d}/g'], 'from 1 to'),
    (['generate', '-g', 'grid-where', '-n', '0', '--out', '{d}/g'], 'from 1 to'),
    (['generate', '-g', 'grid-where', '-n', '1000000000000', '--out', '{d}/g'], 'from 1 to 1,000,000'),
    (['generate', '-g', 'grid-where', '-n', '2', '--instances', '0', '--out', '{d}/g'], 'from 1 to'),
    (['generate', '-g', 'grid-where', '-n', '2', '--instances', '-2', '--out', '{d}/g'], 'from 1 to'),
    (['generate', '-g', 'grid-where', '-n', '2', '--instances', '100000', '--out', '{d}/g'], 'from 1 to 1,000'),
    (['generate', '-g', 'grid-where', '-n', '100000', '--instances', '1000', '--out', '{d}/g'], 'at most 1,000,000'),
    (['generate', '-g', 'grid-where', '-n', '2', '--seed', '-1', '--out', '{d}/g'], 'from 0 to'),
    (['generate', '-g', 'grid-where', '-n', '2', '--seed', '18446744073709551616', '--out', '{d}/g'], 'from 0 to'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '{d}/bench'], 'pass --overwrite'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '{d}/adir'], 'pass --overwrite'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '{d}/afile'], 'is a file'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '/proc/tma_bench'], 'cannot write'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', '{d}/afile/sub'], 'cannot write'),
    (['generate', '-g', 'grid-where', '-n', '2', '--out', ''], 'non-empty'),
    (['generate', '-g', 'grid-where', '-n', '2', '-w', 'target_category=', '--out', '{d}/g'], 'empty value'),
    (['generate', '-g', 'grid-where', '-n', '2', '-w', 'grid!=', '--out', '{d}/g'], 'empty value'),
    (['generate', '-g', 'grid-where', '-n', '2', '-w', 'target_category=animal,', '--out', '{d}/g'], 'empty value'),
    (['generate', '-g', 'grid-where', '-n', '2', '-w', 'target_category=dgo', '--out', '{d}/g'], 'dgo'),
    (['generate', '-g', 'grid-where', '-n', '2', '-w', 'grid=1', '--out', '{d}/g'], 'grid'),
    (['generate', '-g', 'no-such', '-n', '2', '--out', '{d}/g'], 'unknown generator'),
    (['generate', '-g', '', '-n', '2', '--out', '{d}/g'], 'non-empty'),
    (['generate', '-n', '2'], 'required'),
    # validate
    (['validate', '{d}/junk.parquet'], 'not a Parquet file'), (['validate', '{d}/empty.parquet'], 'not a Parquet file'),
    (['validate', '{d}/trunc.parquet'], 'not a Parquet file'), (['validate', '{d}/wrong.parquet'], 'missing column'),
    (['validate', '{d}/noplan.parquet'], 'missing column plan'), (['validate', '{d}/missing'], 'no benchmark'),
    (['validate', '{d}/emptydir'], 'no benchmark'), (['validate', '{d}/afile'], 'not a Parquet file'),
    (['validate', ''], 'non-empty'), (['validate', '{d}/bad.db'], 'not a Parquet file'), (['validate'], 'required'),
    (['validate', '{d}/adir'], 'no benchmark'),
    # evaluate
    (['evaluate', '-m', 'bogus', '--db', '{d}/r.db'], 'unknown model'), (['evaluate', '-m', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '--db', '{d}/r.db', '-g', 'grid-where'], 'name a model'),
    (['evaluate', '-m', 'random', '--plans', '0', '--db', '{d}/r.db'], 'from 1 to'),
    (['evaluate', '-m', 'random', '--plans', '-1', '--db', '{d}/r.db'], 'from 1 to'),
    (['evaluate', '-m', 'random', '--plans', 'abc', '--db', '{d}/r.db'], 'whole number'),
    (['evaluate', '-m', 'random', '--plans', '10000000', '--db', '{d}/r.db'], 'from 1 to 1,000,000'),
    (['evaluate', '-m', 'random', '--instances', '0', '--db', '{d}/r.db'], 'from 1 to'),
    (['evaluate', '-m', 'random', '--orders', '0', '--db', '{d}/r.db'], 'from 1 to 4'),
    (['evaluate', '-m', 'random', '--orders', '5', '--db', '{d}/r.db'], 'from 1 to 4'),
    (['evaluate', '-m', 'random', '--seed', '-1', '--db', '{d}/r.db'], 'from 0 to'),
    (['evaluate', '-m', 'random', '--seed', '18446744073709551616', '--db', '{d}/r.db'], 'from 0 to'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/bench', '-g', 'grid-where', '--db', '{d}/r.db'], '--benchmark evaluates'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/bench', '--plans', '5', '--db', '{d}/r.db'], '--benchmark evaluates'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/bench', '--instances', '2', '--db', '{d}/r.db'], '--benchmark evaluates'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/junk.parquet', '--db', '{d}/r.db'], 'not a Parquet file'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/noplan.parquet', '--db', '{d}/r.db'], 'missing column plan'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/wrong.parquet', '--db', '{d}/r.db'], 'missing column'),
    (['evaluate', '-m', 'random', '--benchmark', '{d}/missing', '--db', '{d}/r.db'], 'no benchmark'),
    (['evaluate', '-m', 'random', '--benchmark', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '-m', 'random', '--endpoint-model', 'x', '--db', '{d}/r.db'], 'only for an endpoint'),
    (['evaluate', '-m', 'random', '--max-tokens', '5', '--db', '{d}/r.db'], 'only for an endpoint'),
    (['evaluate', '-m', 'random', '--concurrency', '2', '--db', '{d}/r.db'], 'only for an endpoint'),
    (['evaluate', '-m', 'random', '--timeout', '5', '--db', '{d}/r.db'], 'only for an endpoint'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--max-tokens', '0', '--db', '{d}/r.db'], 'from 1 to'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--max-tokens', '-5', '--db', '{d}/r.db'], 'from 1 to'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--concurrency', '0', '--db', '{d}/r.db'], 'from 1 to 256'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--timeout', '0', '--db', '{d}/r.db'], 'seconds'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--timeout', 'nan', '--db', '{d}/r.db'], 'seconds'),
    (['evaluate', '--endpoint', 'ftp://x/v1', '--db', '{d}/r.db'], 'starts with http'),
    (['evaluate', '--endpoint', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '--endpoint-model', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '-g', 'grid-where', '--plans', '2', '--db', '{d}/r.db'], 'cannot reach'),
    (['evaluate', '--endpoint', 'http://127.0.0.1:9/v1', '-g', 'grid-where', '--plans', '2', '--db', '{d}/new.db'], 'cannot reach'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--prompt', '{bogus}', '--db', '{d}/r.db'], 'neither a known name'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--prompt', '{question} {options} {bogus}', '--db', '{d}/r.db'], 'unknown field'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--prompt', '{question} {options} {', '--db', '{d}/r.db'], 'not a valid template'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--prompt', '{question} {options} {0}', '--db', '{d}/r.db'], 'unknown field'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--prompt', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', '{d}/bad.db'], 'not a tma results database'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', '{d}/plans.parquet'], 'not a tma results database'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', ''], 'non-empty'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', '{d}'], 'is a folder'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', '/proc/tma.db'], 'cannot'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--db', '{d}/nope/r.db'], 'does not exist'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--unparsed', 'bogus', '--db', '{d}/r.db'], 'invalid choice'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--by', 'target_category@99', '--db', '{d}/r.db'], 'is for `tma query`'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--by', 'bogus_col', '--db', '{d}/r.db'], 'unknown column to group by'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '--by', '', '--db', '{d}/r.db'], 'non-empty'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '-w', 'target_category=', '--db', '{d}/r.db'], 'empty value'),
    (['evaluate', '-m', 'random', '-g', 'grid-where', '-w', 'target_category=dgo', '--db', '{d}/r.db'], 'dgo'),
    (['evaluate', '-m', 'random', '-g', 'bogus', '--db', '{d}/r.db'], 'unknown generator'),
    (['evaluate', '-m', 'sim-color-weak', '-m', 'bogus', '-g', 'grid-where', '--db', '{d}/r.db'], 'unknown model'),
    # results
    (['results', '--db', '{d}/missing.db'], 'no results database'), (['results', '--db', '{d}/bad.db'], 'not a tma results database'),
    (['results', '--db', '{d}'], 'no results database'), (['results', '--db', ''], 'non-empty'),
    (['results', '--db', '{d}/plans.parquet'], 'not a tma results database'),
    (['results', '--db', '{d}/r.db', '--plans-out', '{d}/plans.parquet'], 'pass --overwrite'),
    (['results', '--db', '{d}/r.db', '--matrix-out', '{d}'], 'is a folder'),
    (['results', '--db', '{d}/r.db', '--plans-out', '/proc/x.parquet'], 'cannot write'),
    (['results', '--db', '{d}/r.db', '--matrix-out', ''], 'non-empty'),
    (['results', '--db', '{d}/r.db', '--by', 'target_category@99'], 'is for `tma query`'),
    (['results', '--db', '{d}/r.db', '--unparsed', 'x'], 'invalid choice'),
    (['results', '--db', '{d}/r.db', '--by', 'bogus_col'], 'bogus_col'),
    # serve
    (['serve', '-m', 'random', '--port', '70000'], 'from 0 to 65,535'), (['serve', '-m', 'random', '--port', '-1'], 'from 0 to 65,535'),
    (['serve', '-m', 'random', '--port', 'abc'], 'whole number'), (['serve', '-m', 'bogus', '--port', '0'], 'unknown model'),
    (['serve', '-m', 'sim-color-weak', '--port', '0'], 'cannot be served'), (['serve', '-m', '', '--port', '0'], 'non-empty'),
    (['serve', '-m', 'random', '--host', '', '--port', '0'], 'non-empty'), (['serve', '--port', '0'], 'required'),
    (['serve', '-m', 'random', '--port', '{port}'], 'cannot listen'),
    (['serve', '-m', 'random', '--host', '256.1.1.1', '--port', '0'], 'cannot listen'),
    # query
    (['query'], 'required'), (['query', 'bogus', '-m', 'random'], 'invalid choice'),
    (['query', 'topk', '-g', 'grid-how-many', '--declared'], 'name the model'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', 'abc', '--declared'], 'a budget is'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', '150%', '--declared'], 'up to 100%'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', '1.5', '--declared'], 'a budget is'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', '-0.1', '--declared'], 'a budget is'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', '0', '--declared'], 'a budget is'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', '100000', '--declared'], 'more than the 50 plans'),
    (['query', 'threshold', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--threshold', '1.5', '--declared'], 'from 0 to 1'),
    (['query', 'threshold', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--threshold', '-0.2', '--declared'], 'from 0 to 1'),
    (['query', 'threshold', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--declared'], 'needs a threshold'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--max-calls', '0', '--declared'], 'from 1 to'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '-k', '0', '--declared'], 'from 1 to'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '-k', '-1', '--declared'], 'from 1 to'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--by', 'target_category@99', '--declared'], 'taxonomy depth'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--by', 'target_category@x', '--declared'], 'taxonomy depth'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--by', 'bogus', '--declared'], 'column to group by'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--baseline', 'random', '--declared'], 'only for `tma query compare`'),
    (['query', 'compare', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--declared'], '--baseline'),
    (['query', 'compare', '-m', 'sim-color-weak', '--baseline', 'sim-spatial-weak', '-g', 'grid-how-many', '--plans', '50', '--margin', '2', '--declared'], 'from 0 to 1'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--margin', '0.1', '--declared'], 'only for `tma query compare`'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--method', 'random', '--declared'], 'add --budget'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--threshold', '0.5', '--declared'], 'only for `tma query threshold`'),
    (['query', 'threshold', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '-k', '3', '--threshold', '0.5', '--declared'], 'only for `tma query topk`'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '0', '--declared'], 'from 1 to'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--orders', '9', '--declared'], 'from 1 to 4'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--instances', '0', '--declared'], 'from 1 to'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '-w', 'count=10', '--declared'], 'count'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-what', '--declared'], 'narrow it'),
    (['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--seed', '-1', '--declared'], 'from 0 to'),
    (['query', 'topk', '-m', 'random', '-g', 'grid-how-many', '--plans', '50', '--db', '{d}/bad.db'], 'not a tma results database'),
    (['query', 'topk', '-m', 'bogus', '-g', 'grid-how-many', '--plans', '50', '--declared'], 'unknown model'),
    # corpus
    (['corpus', 'render', '--out', '{d}/c', '--no-videos', '--no-images'], 'nothing to render'),
    (['corpus', 'render', '--out', '{d}/c', '--n', '0'], 'from 1 to'), (['corpus', 'render', '--out', '{d}/c', '--n', '-1'], 'from 1 to'),
    (['corpus', 'render', '--out', '{d}/c', '--n', 'abc'], 'whole number'),
    (['corpus', 'render', '--out', '{d}/c', '--n', '1000000'], 'from 1 to 100,000'),
    (['corpus', 'render', '--out', '{d}/afile', '--n', '1'], 'is a file'),
    (['corpus', 'render', '--out', '{d}/adir', '--n', '1'], 'pass --overwrite'),
    (['corpus', 'render', '--out', '{d}/bench', '--n', '1'], 'pass --overwrite'),
    (['corpus', 'render', '--out', '', '--n', '1'], 'non-empty'),
    (['corpus', 'render', '--out', '/proc/tma_corpus', '--n', '1'], 'cannot write'),
    (['corpus', 'render', '--n', '1'], 'required'), (['corpus', 'bogus', '--out', '{d}/c'], 'invalid choice'),
    (['corpus', 'render', '--out', '{d}/c', '--seed', '-1'], 'from 0 to'),
]

def label(argv) -> str:
    return ' '.join(argv[:2]) if argv[:1] in (['plans'], ['corpus']) and len(argv) > 1 else (argv[0] if argv else '(none)')

def fill(argv, d): return [a.replace('{d}', str(d)).replace('{port}', str(BUSY[0])) for a in argv]

def _alarm(*_): raise Hang()

def run_inproc(argv):
    "rc, stdout, stderr of `main(argv)`, or rc None when it ran past HANG_S."
    out, err = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _alarm); signal.alarm(HANG_S)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err): rc = main(argv)
    except Hang: rc = None
    finally: signal.alarm(0); signal.signal(signal.SIGALRM, old)
    return rc, out.getvalue(), err.getvalue()

def verdict(rc, err, says, before, after) -> str:
    if rc is None: return 'hang'
    if 'Traceback' in err or 'unexpected error' in err: return 'traceback'
    if before != after: return 'damaged'
    if rc == 0: return 'wrong success'
    if rc == 2 and err.count('\n') == 1 and err.startswith('tma: error: ') and says.lower() in err.lower(): return 'clean'
    return 'unclear'

TALLY = defaultdict(Counter)

def test_table_has_enough_cases():
    assert len(CASES) >= 150 and len({tuple(a) for a, _ in CASES}) == len(CASES)

def test_every_bad_input_is_one_clean_line(d):
    bad = []
    for argv, says in CASES:
        argv = fill(argv, d)
        before = snapshot(d)
        rc, out, err = run_inproc(argv)
        v = verdict(rc, err, says, before, snapshot(d))
        TALLY[label(argv)][v] += 1
        if v != 'clean': bad.append((v, argv, rc, err[-300:]))
    print_tally()
    assert not bad, '\n'.join(map(str, bad))

# A sample through the installed command: the console script, its exit code and its stderr, in a separate process.
SUBPROCESS = [0, 4, 12, 25, 45, 73, 77, 93, 150, 172, 192]

def test_installed_command_sample(d):
    for i in SUBPROCESS:
        argv, says = CASES[i]
        argv = fill(argv, d)
        before = snapshot(d)
        try: r = subprocess.run([TMA, *argv], capture_output=True, text=True, timeout=HANG_S)
        except subprocess.TimeoutExpired: rc, err = None, ''
        else: rc, err = r.returncode, r.stderr
        assert verdict(rc, err, says, before, snapshot(d)) == 'clean', (argv, rc, err)

def test_debug_shows_the_traceback_and_env_is_not_needed(d):
    rc, _, err = run_inproc(['validate', f'{d}/junk.parquet', '--debug'])
    assert rc == 2 and 'Traceback' in err and err.strip().splitlines()[-1].startswith('tma: error:')

# hypothesis: argument strings drawn at random
_INT = re.compile(r'\s*[+-]?\d+\s*')
not_count = st.one_of(st.integers(max_value=0), st.integers(min_value=10_000_001, max_value=10**40),
                      st.text(max_size=12).filter(lambda s: not _INT.fullmatch(s) and not s.startswith('-')), st.floats().map(repr)).map(str)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)

@FAST
@given(n=not_count)
def test_random_sample_sizes_are_refused(d, n):
    before = snapshot(d)
    rc, _, err = run_inproc(['plans', 'sample', '-g', 'grid-where', '-n', n, '--out', f'{d}/h.parquet'])
    v = verdict(rc, err, '-n', before, snapshot(d)); TALLY['hypothesis: plans sample -n'][v] += 1
    assert v == 'clean', (n, rc, err)

@FAST
@given(w=st.text(alphabet=st.sampled_from(list('=!,@ abcgrid_tx0135')) | st.characters(), max_size=20))
def test_random_conditions_never_crash(d, w):
    before = snapshot(d)
    rc, out, err = run_inproc(['plans', 'count', '-g', 'grid-how-many', '-w', w])
    assert rc in (0, 2) and 'Traceback' not in err and snapshot(d) == before, (w, rc, err)
    if rc == 2: assert err.count('\n') == 1 and err.startswith('tma: error: '), (w, err)
    else: assert re.fullmatch(r'[\d,]+\n', out), (w, out)
    TALLY['hypothesis: plans count -w']['clean' if rc == 2 else 'valid'] += 1

@FAST
@given(b=st.one_of(st.floats(min_value=1.0001, max_value=1e9).map(repr), st.floats(max_value=0).map(repr), st.integers(max_value=0).map(str),
                   st.text(max_size=8).filter(lambda s: not re.fullmatch(r'\s*[\d.]+%?\s*', s) and not s.startswith('-'))))
def test_random_budgets_are_refused(d, b):
    before = snapshot(d)
    rc, _, err = run_inproc(['query', 'topk', '-m', 'sim-color-weak', '-g', 'grid-how-many', '--plans', '50', '--budget', b, '--declared'])
    v = verdict(rc, err, 'budget', before, snapshot(d)); TALLY['hypothesis: query --budget'][v] += 1
    assert v == 'clean', (b, rc, err)

def print_tally():
    kinds = ['clean', 'traceback', 'wrong success', 'hang', 'damaged', 'unclear']
    print('\n' + f"{'command':32} {'cases':>5} " + ' '.join(f'{k:>13}' for k in kinds))
    for c, t in sorted(TALLY.items()):
        print(f"{c:32} {sum(t.values()):>5} " + ' '.join(f'{t[k]:>13}' for k in kinds))

def test_zz_print_tally():
    print_tally()

def test_missing_output_folders_are_made_and_overwrite_replaces_whole(d, tmp_path):
    "Not mistakes: an output in a folder that does not exist yet is written there; --overwrite replaces an output as a whole."
    rc, _, err = run_inproc(['plans', 'sample', '-g', 'grid-where', '-n', '3', '--out', f'{tmp_path}/new/deeper/p.parquet'])
    assert rc == 0 and pq.read_table(tmp_path / 'new' / 'deeper' / 'p.parquet').num_rows == 3, err
    bench = tmp_path / 'bench'
    assert run_inproc(['generate', '-g', 'grid-where', '-n', '2', '--seed', '1', '--out', str(bench), '--quiet'])[0] == 0
    (bench / 'stray.txt').write_text('from an older run\n')
    first = (bench / 'data' / 'train-00000.parquet').read_bytes()
    rc, _, err = run_inproc(['generate', '-g', 'grid-where', '-n', '3', '--seed', '2', '--out', str(bench), '--quiet', '--overwrite'])
    assert rc == 0, err
    assert sorted(p.name for p in bench.iterdir()) == ['benchmark.json', 'data'] and (bench / 'data' / 'train-00000.parquet').read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ['bench', 'new']   # no temporary folder left behind
