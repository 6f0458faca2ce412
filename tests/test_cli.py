"End-to-end tests of the installed `tma` command (subprocesses, real files)."
import hashlib, json, subprocess, sys
from pathlib import Path
import pyarrow.parquet as pq
import pytest

def tma(*args, check=True):
    r = subprocess.run([str(Path(sys.executable).parent / 'tma'), *args], capture_output=True, text=True)
    if check and r.returncode != 0: raise AssertionError(f"tma {' '.join(args)} failed: {r.stderr}")
    return r

def test_generators_json_lists_five_2d_generators_with_counts():
    rows = json.loads(tma('generators', '--json').stdout)
    names = {r['name']: r for r in rows}
    for n in ('grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many'):
        assert names[n]['scenario'] == '2d sticker' and names[n]['count'] > 0
    assert sum(r['count'] for r in rows if r['scenario'] == '2d sticker') >= 2e8

def test_count_of_whole_space_matches_generators():
    "The union of every generator's space counts exactly the sum of their counts (timings live in benchmarks/plans_bench.py)."
    total = sum(r['count'] for r in json.loads(tma('generators', '--json').stdout))
    assert json.loads(tma('plans', 'count', '--json').stdout) == {'count': total}

def test_filtered_count_narrows():
    all_ = json.loads(tma('plans', 'count', '-g', 'grid-where', '--json').stdout)['count']
    sub = json.loads(tma('plans', 'count', '-g', 'grid-where', '-w', 'target_category=animal', '-w', 'grid=3x3', '--json').stdout)['count']
    assert 0 < sub < all_

@pytest.mark.parametrize('args,needle', [
    (('plans', 'count', '-g', 'grid-wehre'), "unknown generator 'grid-wehre'; did you mean 'grid-where'"),
    (('plans', 'count', '-w', 'colour=red'), "unknown column 'colour'"),
    (('plans', 'count', '-w', 'target_category=dgo'), "unknown category 'dgo'; did you mean"),
    (('plans', 'count', '-w', 'attribute_value=reddish'), "unknown value of 'attribute_value'"),
    (('generate', '-g', 'grid-where', '-w', 'grid=7', '-n', '2', '--out', 'x'), "unknown value of 'grid'"),
])
def test_bad_input_exits_2_with_one_line(args, needle):
    r = tma(*args, check=False)
    assert r.returncode == 2
    assert needle in r.stderr and r.stderr.count('\n') == 1 and 'Traceback' not in r.stderr

def _digest(path):
    t = pq.read_table(path / 'data' / 'train-00000.parquet')
    h = hashlib.sha256()
    for col in ('task_id', 'question', 'options', 'answer', 'plan', 'scene'):
        h.update(json.dumps(t[col].to_pylist()).encode())
    for img in t['image'].to_pylist(): h.update(img['bytes'])
    return h.hexdigest(), t.num_rows

def test_generate_twice_is_byte_identical_and_validates(tmp_path):
    a, b = tmp_path / 'A', tmp_path / 'B'
    tma('generate', '-g', 'grid-where', '-n', '40', '--seed', '7', '--out', str(a), '--quiet')
    tma('generate', '-g', 'grid-where', '-n', '40', '--seed', '7', '--out', str(b), '--quiet')
    assert _digest(a) == _digest(b) and _digest(a)[1] == 40
    assert (a / 'data' / 'train-00000.parquet').read_bytes() == (b / 'data' / 'train-00000.parquet').read_bytes()
    out = json.loads(tma('validate', str(a), '--json').stdout)
    assert out == {'checked': 40, 'failures': 0}

def test_sample_plans_to_parquet(tmp_path):
    f = tmp_path / 'plans.parquet'
    tma('plans', 'sample', '-n', '500', '--seed', '1', '-g', 'grid-how-many', '-w', 'grid=2', '--out', str(f))
    t = pq.read_table(f).to_pandas()
    assert len(t) == 500 and set(t['grid']) == {2} and t['plan_index'].is_unique

def test_validate_reads_the_pictures_and_check_redraws(tmp_path):
    "A picture turned upside down passes the scene validator but not `tma validate` (both validators); `--check` writes only passing instances."
    import io, pyarrow as pa
    from PIL import Image
    a = tmp_path / 'A'
    tma('generate', '-g', 'grid-what', '-n', '4', '--seed', '3', '--out', str(a), '--quiet')
    f = a / 'data' / 'train-00000.parquet'
    t = pq.read_table(f)
    imgs = t['image'].to_pylist()
    buf = io.BytesIO(); Image.open(io.BytesIO(imgs[0]['bytes'])).rotate(180).save(buf, 'PNG')
    imgs[0] = {**imgs[0], 'bytes': buf.getvalue()}
    pq.write_table(t.set_column(t.schema.get_field_index('image'), 'image', pa.array(imgs, t.schema.field('image').type)), f)
    r = tma('validate', str(a), '--json', '--workers', '1', check=False)
    assert r.returncode == 1 and json.loads(r.stdout) == {'checked': 4, 'failures': 1} and 'pixels: ' in r.stderr and 'scene: ' not in r.stderr
    assert json.loads(tma('validate', str(a), '--json', '--scene-only').stdout) == {'checked': 4, 'failures': 0}
    c = tmp_path / 'C'
    tma('generate', '-g', 'grid-what-attribute', '-n', '12', '--seed', '5', '--check', '--out', str(c), '--quiet', '--workers', '1')
    assert json.loads((c / 'benchmark.json').read_text())['check'] is True
    assert json.loads(tma('validate', str(c), '--json').stdout) == {'checked': 12, 'failures': 0}
