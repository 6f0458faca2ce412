"Round trips through other harnesses' formats: a VLMEvalKit TSV answered by a probe model comes back with the evaluator's answers item by item; lmms-eval end to end when its venv is given."
import base64, json, os, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest
import tma_nb.stickers
from tma_nb.cli import main
from tma_nb.evaluate import evaluate, summarize
from tma_nb.export import generate_benchmark
from tma_nb.interop import export_vlmevalkit, import_vlmevalkit, export_lmms_eval, benchmark_items, read_vlmevalkit
from tma_nb.models import Prompt, Request, get_model, option_lines
from tma_nb.store import ResultStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    d = tmp_path_factory.mktemp('interop')
    return generate_benchmark(d / 'bench', ['grid-where', 'grid-what', 'grid-what-attribute'], n=12, seed=5, instances=2, progress=False)


def vlmevalkit_infer(tsv:Path, model, prompt=Prompt('succinct')) -> pd.DataFrame:
    "What VLMEvalKit's inference does with a custom MCQ TSV, with `model` answering: resolve pictures (base64 or another row's index), ask, keep every column but `image`, add `prediction`."
    data = pd.read_csv(tsv, sep='\t', dtype=str, keep_default_na=False)
    img = dict(zip(data['index'], data['image']))
    img = {k: img[v] if len(v) <= 64 else v for k, v in img.items()}
    reqs = []
    for r in data.to_dict('records'):
        opts = [r[L] for L in 'ABCD']
        txt = prompt.text.format(question=r['question'], options=option_lines(opts))
        reqs.append(Request([('image', base64.b64decode(img[r['index']])), ('text', txt)], opts))
    out = data.drop(columns=['image'])
    out['prediction'] = [rep.text for rep in model.generate(reqs)]
    return out


def test_vlmevalkit_round_trip_matches_the_evaluator(bench, tmp_path):
    db = tmp_path / 'r.db'
    ours = evaluate('probe-base', benchmark=bench, n_orders=3, db=db, progress=False)
    assert ours.calls == 12 * 2 * 3
    tsv = export_vlmevalkit(bench, tmp_path / 'TMA_bench.tsv')
    pred = vlmevalkit_infer(tsv, get_model('probe-base'))
    pred.to_excel(tmp_path / 'probe-base_TMA_bench.xlsx', index=False)          # VLMEvalKit's default prediction format
    res = import_vlmevalkit(tmp_path / 'probe-base_TMA_bench.xlsx', db, model='vlmevalkit:probe-base', prompt='succinct', benchmark=bench)
    assert (res['answers'], res['errors']) == (72, 0)
    with ResultStore(db, readonly=True) as s: m = s.matrix()
    assert m.shape == (2, 72)                                                    # the same 72 items, keyed alike
    assert (m.loc['probe-base'] == m.loc['vlmevalkit:probe-base']).all()         # item by item
    a = summarize(db, by=['generator']).pivot(index='generator', columns='model', values='accuracy')
    assert (a['probe-base'] == a['vlmevalkit:probe-base']).all() and 0 < a['probe-base'].mean() < 1   # right and wrong answers both present, so the item-by-item match means something
    # the stored replies are the probe's, read by our own rules
    with ResultStore(db, readonly=True) as s: df = s.answers()
    both = df.pivot(index='item', columns='model', values='reply')
    assert (both['probe-base'] == both['vlmevalkit:probe-base']).all()


def test_vlmevalkit_cli_and_bad_files(bench, tmp_path, capsys):
    tsv = export_vlmevalkit(bench, tmp_path / 'TMA_b.tsv', n_orders=1)
    pred = vlmevalkit_infer(tsv, get_model('first-option'))
    pred.to_csv(tmp_path / 'first_TMA_b.tsv', sep='\t', index=False)
    db = tmp_path / 'r.db'
    assert main(['import', 'vlmevalkit', str(tmp_path / 'first_TMA_b.tsv'), '--db', str(db), '--json']) == 0
    out = json.loads(capsys.readouterr().out)
    assert out['model'] == 'vlmevalkit:first_TMA_b' and out['answers'] == 24
    acc = sum(r['accuracy'] * r['answers'] for r in out['results']) / 24
    assert acc == pytest.approx((pred['answer'] == 'A').mean())
    pred.drop(columns=['tma_item']).to_csv(tmp_path / 'bad.tsv', sep='\t', index=False)
    assert main(['import', 'vlmevalkit', str(tmp_path / 'bad.tsv'), '--db', str(db)]) == 2
    assert 'missing column tma_item' in capsys.readouterr().err
    other = generate_benchmark(tmp_path / 'other', ['grid-where'], n=2, seed=99, progress=False)
    assert main(['import', 'vlmevalkit', str(tmp_path / 'first_TMA_b.tsv'), '--db', str(db), '--benchmark', str(other)]) == 2
    assert 'are not items of the benchmark' in capsys.readouterr().err


def test_exports_need_no_torchcodec(bench, tmp_path):
    "The exported Parquet decodes with Hugging Face datasets without any video decoder."
    import datasets
    d = export_lmms_eval(bench, tmp_path / 'task', task='tma_t')
    ds = datasets.load_dataset('parquet', data_files={'test': str(d / 'data/test.parquet')}, split='test')
    assert len(ds) == 72 and ds[0]['image'].size[0] > 0 and 'video' not in ds.column_names
    assert ds['tma_item'] == [i['item'] for i in benchmark_items(bench)]


LMMS_VENV = os.environ.get('TMA_LMMS_VENV')

@pytest.mark.skipif(not LMMS_VENV, reason='set TMA_LMMS_VENV to a venv with lmms-eval (benchmarks/lmms_eval_roundtrip.py makes one)')
def test_lmms_eval_end_to_end(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'lmms_eval_roundtrip.py'), '--venv', LMMS_VENV, '--out', str(tmp_path / 'rt'),
                        '-n', '4'], capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert 'item by item: all' in r.stdout


def test_clips_without_torchcodec(tmp_path):
    "A clip benchmark: datasets reads the video column undecoded, load_benchmark and both exports use the PNG frames."
    import datasets
    from tma_nb.export import write_benchmark, iter_instances, select_plans, load_benchmark
    from tma_nb.interop import vlmevalkit_table, lmms_table
    clip = write_benchmark(iter_instances(select_plans(['video-3d-what-move'], n=1, seed=0), 1, progress=False), tmp_path / 'clip')
    ds = datasets.load_dataset('parquet', data_files=str(clip / 'data' / 'train-*.parquet'), split='train').cast_column('video', datasets.Video(decode=False))
    assert ds[0]['video']['bytes'][4:8] == b'ftyp'
    frames = load_benchmark(clip).frames[0]
    items = benchmark_items(clip, 2)
    assert len(items) == 2 and items[0]['frames'] == frames
    t = vlmevalkit_table(items)
    assert [base64.b64decode(x) for x in json.loads(t.image[0])] == frames and t.image[1] == '0'
    assert 'video' not in lmms_table(items).column_names and lmms_table(items).column('frames')[0].as_py()[0]['bytes'] == frames[0]
