"End-to-end tests of the Hugging Face adapter on tiny random Llava, Llava-NeXT, Idefics3, Qwen2-VL, Qwen2.5-VL and LLaVA-NeXT-Video models built\noffline (the last three need torchvision, the build matching torch; without it they are skipped, saying how to get it)."
import io, json, os, shutil, subprocess, sys, textwrap
import pytest

os.environ.setdefault('HF_HUB_OFFLINE', '1')
pytest.importorskip('torch'); pytest.importorskip('transformers')

import numpy as np
from PIL import Image
import tma_nb.stickers  # noqa: F401  (registers the sticker assets)
from tma_nb.generator import get_generator
from tma_nb.models import Prompt, Reply, Request, get_model
from tma_nb.taxonomy import TmaError
from tma_nb.hf import HFModel, files_hash, frame_grid, tiny_model, torchvision_missing
from tma_nb.cli import main
from tma_nb.export import generate_benchmark
from tma_nb.store import ResultStore

TV = torchvision_missing()
_tv = pytest.mark.skipif(TV is not None, reason=f'Qwen2-VL, Qwen2.5-VL and LLaVA-NeXT-Video processors need torchvision: {TV}')
VIDEO = ['qwen2_vl', 'qwen2_5_vl', 'llava_next_video']                          # processors that take videos (and need torchvision)
IMAGE = ['llava', 'llava_next', 'idefics3']                        # videos become frame grids
BUILT = IMAGE + (VIDEO if TV is None else [])
KINDS = IMAGE + [pytest.param(k, marks=_tv) for k in VIDEO]


def png(color, size=(40, 30)):
    b = io.BytesIO(); Image.new('RGB', size, color).save(b, format='PNG'); return b.getvalue()


@pytest.fixture(scope='module')
def paths(tmp_path_factory):
    return {k: tiny_model(k, tmp_path_factory.mktemp(k)) for k in BUILT}


@pytest.fixture(scope='module')
def models(paths):
    return {k: HFModel(p, batch_size=8, max_new_tokens=8).load() for k, p in paths.items()}


@pytest.fixture(scope='module')
def reqs():
    g = get_generator('grid-what')
    plans = g.space.plans(g.space.sample_indices(4, 0))
    ins = [g.generate(p, index=i, seed=0) for i, p in enumerate(plans)]
    orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]]
    return [Prompt().request(i, o) for i, o in zip(ins, orders)] + [Prompt('detailed', image_first=False).request(ins[0], [0, 1, 2, 3])]


def texts(replies): return [r.text for r in replies]


@pytest.mark.parametrize('kind', KINDS)
def test_batches_are_deterministic_and_size_independent(kind, paths, models, reqs):
    m = models[kind]
    a = m.generate(reqs)
    assert len(a) == len(reqs) and all(isinstance(r, Reply) and r.error is None and isinstance(r.text, str) for r in a)
    assert all(r.seconds > 0 for r in a)
    assert texts(m.generate(reqs)) == texts(a)                       # same model, again
    for bs in (1, 2, 3):                                              # other batch sizes, fresh models
        b = HFModel(paths[kind], batch_size=bs, max_new_tokens=8).generate(reqs)
        assert texts(b) == texts(a), bs
        for x, y in zip(a, b): np.testing.assert_allclose(x.logprobs, y.logprobs, atol=1e-4)
    assert len(set(texts(a))) > 1                                      # the replies depend on the request


@pytest.mark.parametrize('kind', KINDS)
def test_meta_is_never_read(kind, models, reqs):
    bare = [Request(r.parts, r.options) for r in reqs[:3]]
    assert texts(models[kind].generate(bare)) == texts(models[kind].generate(reqs[:3]))


@pytest.mark.parametrize('kind', KINDS)
def test_images_go_where_the_request_puts_them(kind, models):
    m = models[kind]
    tok, mark = m._tok, m._proc.image_token
    img_id = tok.convert_tokens_to_ids(mark)
    req = Request([('text', 'First'), ('image', png('red')), ('text', 'then'), ('image', png('blue')), ('text', 'last')], ['a', 'b'])
    text, images, videos = m._prompt(req)
    assert text.index('First') < text.index(mark) < text.index('then') < text.rindex(mark) < text.index('last')
    assert len(images) == 2 and videos == []
    ids = m._inputs([text], [images], [videos])['input_ids'][0].tolist()
    pos = [i for i, t in enumerate(ids) if t == img_id]
    runs = [p for i, p in enumerate(pos) if i == 0 or pos[i - 1] != p - 1]      # starts of <image> runs
    before, between, after = tok.decode(ids[:pos[0]]), tok.decode(ids[pos[0]:pos[-1]]), tok.decode(ids[pos[-1]:])
    assert 'First' in before and 'then' not in before
    assert 'then' in between and 'last' in after and 'last' not in between
    assert len(runs) >= 2
    # the model sees the pixels: another picture, other scores
    other = Request([('text', 'First'), ('image', png('green')), ('text', 'then'), ('image', png('blue')), ('text', 'last')], ['a', 'b'])
    r1, r2 = m.generate([req, other])
    assert r1.error is None and r2.error is None and r1.logprobs != r2.logprobs


@pytest.mark.parametrize('kind', KINDS)
def test_decodes_only_the_new_tokens(kind, models, reqs):
    import torch
    m = models[kind]
    r = m.generate(reqs[:1])[0]
    text, images, videos = m._prompt(reqs[0])
    inputs = m._inputs([text], [images], [videos])
    with torch.inference_mode():
        out = m._model.generate(**inputs, do_sample=False, max_new_tokens=8, pad_token_id=m._tok.pad_token_id)
    new = out[0, inputs['input_ids'].shape[1]:]
    assert len(new) <= 8
    assert r.text == m._tok.decode(new, skip_special_tokens=True).strip()
    assert 'Answer with' not in r.text


@pytest.mark.parametrize('kind', KINDS)
def test_mixed_batch_text_only_and_images(kind, models, reqs):
    m = models[kind]
    txt = Request([('text', 'What colour is the sky?')], ['blue', 'red'])
    mixed = m.generate([txt, reqs[0], txt])
    assert [r.error for r in mixed] == [None] * 3
    assert mixed[0].text == mixed[2].text == m.generate([txt])[0].text
    assert mixed[1].text == m.generate(reqs[:1])[0].text


@pytest.mark.parametrize('kind', KINDS)
def test_logprobs(kind, paths, models, reqs, monkeypatch):
    m = models[kind]
    reps = m.generate(reqs)
    assert [len(r.logprobs) for r in reps] == [len(q.options) for q in reqs]
    assert all(isinstance(x, float) and x < 0 for r in reps for x in r.logprobs)
    # letters are one token each: scored from the generation step, with no extra processor call or forward pass
    calls = []
    real = HFModel._inputs
    monkeypatch.setattr(HFModel, '_inputs', lambda self, *a: calls.append(1) or real(self, *a))
    again = m.generate(reqs)
    assert len(calls) == 1 and [r.logprobs for r in again] == [r.logprobs for r in reps]
    monkeypatch.undo()
    # and agree with forward-pass scores
    slow = m._score(reqs, [m._prompt(q) for q in reqs])
    for r, s in zip(reps, slow): np.testing.assert_allclose(r.logprobs, s, atol=1e-4)
    # letter scores follow the letters, not the option texts
    two = Request(reqs[0].parts, reqs[0].options[:2])
    assert m.generate([two])[0].logprobs == pytest.approx(reps[0].logprobs[:2], abs=1e-4)
    # text scores: one per option, each the summed log-probability of the option's tokens
    rt = HFModel(paths[kind], score='text', max_new_tokens=8).generate(reqs[:2])
    assert [len(r.logprobs) for r in rt] == [4, 4] and all(x < 0 for r in rt for x in r.logprobs)
    assert texts(rt) == texts(reps[:2])
    assert HFModel(paths[kind], score=None).generate(reqs[:1])[0].logprobs is None


@pytest.mark.parametrize('kind', IMAGE)
def test_video_becomes_a_frame_grid(kind, models):
    m = models[kind]
    assert not m.native_video
    frames = [png(c) for c in ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'black']]
    vid = Request([('video', frames), ('text', 'What changes?')], ['colour', 'size'])
    img = Request([('image', frame_grid(frames, 4)), ('text', 'What changes?')], ['colour', 'size'])
    rv, ri = m.generate([vid, img])
    assert rv.error is None and (rv.text, rv.logprobs) == (ri.text, ri.logprobs)
    r8 = HFModel(m.path, frames=8, max_new_tokens=8).generate([vid])[0]   # 7 frames: all of them
    assert r8.error is None and r8.logprobs != rv.logprobs


@pytest.mark.parametrize('kind', [pytest.param(k, marks=_tv) for k in VIDEO])
def test_video_goes_to_the_video_processor(kind, models):
    "A clip becomes the processor's video input (its frames sampled), in its place among the request's parts."
    m = models[kind]
    assert m.native_video
    tok, vmark, imark = m._tok, m._proc.video_token, m._proc.image_token
    frames = [png(c) for c in ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'black']]
    vid = Request([('text', 'First'), ('video', frames), ('text', 'then'), ('image', png('white')), ('text', 'last')], ['colour', 'size'])
    text, images, videos = m._prompt(vid)
    assert text.index('First') < text.index(vmark) < text.index('then') < text.index(imark) < text.index('last')
    assert len(images) == 1 and len(videos) == 1 and len(videos[0]) == 4
    inputs = m._inputs([text], [images], [videos])
    assert 'pixel_values_videos' in inputs
    ids = inputs['input_ids'][0].tolist()
    vpos = [i for i, t in enumerate(ids) if t == tok.convert_tokens_to_ids(vmark)]
    ipos = [i for i, t in enumerate(ids) if t == tok.convert_tokens_to_ids(imark)]
    assert vpos and ipos and max(vpos) < min(ipos)
    assert 'then' in tok.decode(ids[max(vpos):min(ipos)])
    # the model sees the frames: another clip (or all seven frames) gives other scores; a frame grid is not what it got
    other = Request([('text', 'First'), ('video', frames[::-1]), ('text', 'then'), ('image', png('white')), ('text', 'last')], ['colour', 'size'])
    grid = Request([('text', 'First'), ('image', frame_grid(frames, 4)), ('text', 'then'), ('image', png('white')), ('text', 'last')], ['colour', 'size'])
    rv, ro, rg = m.generate([vid, other, grid])
    assert [rv.error, ro.error, rg.error] == [None] * 3
    assert rv.logprobs != ro.logprobs and rv.logprobs != rg.logprobs
    r8 = HFModel(m.path, frames=8, max_new_tokens=8).generate([vid])[0]
    assert r8.error is None and r8.logprobs != rv.logprobs
    # batches with and without clips answer as each request does alone
    alone = [m.generate([r])[0].text for r in (vid, grid)]
    assert [r.text for r in HFModel(m.path, batch_size=4, max_new_tokens=8).generate([vid, grid])] == alone


@pytest.mark.parametrize('kind', KINDS)
def test_errors_stay_with_their_requests(kind, models, reqs, monkeypatch):
    m = models[kind]
    good = texts(m.generate(reqs[:3]))
    bad_png = Request([('image', b'\x89PNG broken'), ('text', 'What is it?')], ['a', 'b'])
    no_frames = Request([('video', []), ('text', 'What is it?')], ['a', 'b'])
    out = m.generate([reqs[0], bad_png, reqs[1], no_frames, reqs[2]])
    assert [r.error is None for r in out] == [True, False, True, False, True]
    assert 'could not be read' in out[1].error and 'at least one frame' in out[3].error
    assert texts(out[0::2]) == good
    # a batch the processor rejects as a whole is retried request by request
    real = HFModel._inputs
    def picky(self, texts_, images, videos):
        if any('POISON' in t for t in texts_): raise ValueError('processor rejects POISON')
        return real(self, texts_, images, videos)
    monkeypatch.setattr(HFModel, '_inputs', picky)
    poison = Request([('image', png('red')), ('text', 'POISON')], ['a', 'b'])
    out = m.generate([reqs[0], poison, reqs[1], reqs[2]])
    assert [r.error for r in out[:1] + out[2:]] == [None] * 3 and 'rejects POISON' in out[1].error
    assert texts(out[:1] + out[2:]) == good


def test_fingerprint(paths, tmp_path):
    p = paths['llava']
    a, b = HFModel(p), HFModel(p, device='cpu')
    assert a.key == b.key and a.fingerprint()['weights'] == files_hash(p)
    assert {'model', 'weights', 'dtype', 'generation'} <= set(a.fingerprint())
    assert HFModel(p, max_new_tokens=4).key != a.key
    assert HFModel(p, dtype='bfloat16').key != a.key
    assert HFModel(p, score='text').key != a.key
    q = shutil.copytree(p, tmp_path / 'copy')
    assert HFModel(q).fingerprint()['weights'] == a.fingerprint()['weights']
    assert HFModel(tiny_model('llava', tmp_path / 'seed1', seed=1)).fingerprint()['weights'] != a.fingerprint()['weights']


def test_options_and_registry(paths):
    with pytest.raises(TmaError, match='dtype must be one of'): HFModel(paths['llava'], dtype='int4')
    with pytest.raises(TmaError, match="score must be 'letter', 'text' or None"): HFModel(paths['llava'], score='logits')
    with pytest.raises(TmaError, match='neither a model folder nor a hub id'): HFModel('/no/such/model')
    with pytest.raises(TmaError, match='unknown device'): HFModel(paths['llava'], device='tpu9').load()
    with pytest.raises(TmaError, match='no image processor|cannot load'): _text_only(paths)
    m = get_model('hf', path=paths['idefics3'], batch_size=2)
    assert isinstance(m, HFModel) and m.batch_size == 2 and m.name == paths['idefics3'].name
    bf = HFModel(paths['llava'], dtype='bfloat16', max_new_tokens=4).generate([Request([('text', 'hi')], ['a', 'b'])])[0]
    assert bf.error is None and len(bf.logprobs) == 2


def _text_only(paths):
    d = paths['llava'].parent / 'text-only'
    shutil.copytree(paths['llava'], d, dirs_exist_ok=True)
    (d / 'processor_config.json').unlink()
    HFModel(d).load()


def _run(code, **env):
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, 'HF_HUB_OFFLINE': '1', **env})


def test_hub_id_from_the_cache(paths, tmp_path):
    sha = '0123456789abcdef0123456789abcdef01234567'
    repo = tmp_path / 'hub' / 'models--tma--tiny-llava'
    (repo / 'refs').mkdir(parents=True); (repo / 'refs' / 'main').write_text(sha)
    shutil.copytree(paths['llava'], repo / 'snapshots' / sha)
    r = _run("""
        from tma_nb.hf import HFModel
        from tma_nb.models import Request
        m = HFModel('tma/tiny-llava')
        print(m.fingerprint()['commit'], m.name, m.generate([Request([('text', 'hi')], ['a', 'b'])])[0].error)
        try: HFModel('tma/tiny-llava', revision='v2').fingerprint()
        except Exception as e: print(type(e).__name__, str(e)[:60])
    """, HF_HUB_CACHE=str(tmp_path / 'hub'))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == f'{sha} tiny-llava None'
    assert lines[1].startswith("TmaError cannot resolve the hub model 'tma/tiny-llava'")


def test_imports_without_torch(paths):
    r = _run(f"""
        import sys; sys.modules['torch'] = None
        import tma_nb.hf as hf
        from tma_nb.models import Request
        m = hf.HFModel({str(paths['llava'])!r})
        print(m.fingerprint()['weights'] == hf.files_hash({str(paths['llava'])!r}))
        try: m.generate([Request([('text', 'hi')], ['a'])])
        except Exception as e: print(type(e).__name__, e)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ['True', 'TmaError Hugging Face models need torch and transformers (torch is missing): '
                                     "pip install 'torch>=2.13,<2.15' 'transformers>=5.18,<5.25'"]


@pytest.mark.parametrize('kind', [pytest.param(k, marks=_tv) for k in VIDEO])
def test_tiny_video_models_are_reproducible(kind, paths, tmp_path):
    "The same seed gives the same files; another seed other weights."
    assert files_hash(tiny_model(kind, tmp_path / 'again')) == files_hash(paths[kind])
    assert files_hash(tiny_model(kind, tmp_path / 'seed1', seed=1)) != files_hash(paths[kind])


@_tv
def test_loading_without_torchvision_says_how_to_get_it(paths):
    "A Qwen2-VL checkpoint where torchvision cannot be imported: the error names torchvision and the CPU index."
    r = _run(f"""
        import sys; sys.modules['torchvision'] = None
        from tma_nb.hf import HFModel, torchvision_missing
        print(torchvision_missing())
        try: HFModel({str(paths['qwen2_vl'])!r}).load()
        except Exception as e: print(type(e).__name__, e)
    """)
    assert r.returncode == 0, r.stderr
    why, err = r.stdout.strip().splitlines()
    assert why.startswith('torchvision cannot be used (ModuleNotFoundError') and 'download.pytorch.org/whl/cpu' in why
    assert err.startswith(f"TmaError the processor of {str(paths['qwen2_vl'])!r} needs torchvision") and why in err


def _cli_bf16(path, bench, db, capsys):
    "Run `tma evaluate -m hf:PATH` on `bench` in bfloat16 batches of four on CPU; (its argv, the run's stats)."
    argv = ['evaluate', '-m', f'hf:{path}', '--benchmark', str(bench), '--orders', '2', '--dtype', 'bfloat16', '--batch-size', '4',
            '--device', 'cpu', '--db', str(db), '--json', '--quiet']
    assert main(argv) == 0
    return argv, json.loads(capsys.readouterr().out)['stats'][0]

@pytest.mark.parametrize('kind', KINDS)
def test_cli_bfloat16_in_batches_of_four(kind, paths, tmp_path, capsys):
    "`tma evaluate -m hf:PATH --dtype bfloat16 --batch-size 4 --device cpu` on a benchmark: every item answered, parsed or counted as unparsed."
    bench = generate_benchmark(tmp_path / 'b', ['grid-what', 'grid-where'], n=3, seed=2, progress=False)
    db = tmp_path / 'r.db'
    argv, st = _cli_bf16(paths[kind], bench, db, capsys)
    assert (st['items'], st['calls'], st['errors']) == (6, 6, 0)
    with ResultStore(db, readonly=True) as s: df, runs = s.answers(), s.runs()
    assert len(df) == 6 and df.error.isna().all() and df.reply.map(lambda r: isinstance(r, str)).all()
    assert df.choice.dropna().isin([0, 1, 2, 3]).all() and st['unparsed'] == int(df.choice.isna().sum())
    fp = json.loads(runs.fingerprint[0])
    assert (fp['dtype'], fp['weights']) == ('bfloat16', files_hash(paths[kind]))
    assert main(argv) == 0 and json.loads(capsys.readouterr().out)['stats'][0]['cached'] == 6      # rerun: stored, no calls
    assert main(['evaluate', '-m', 'random', '--benchmark', str(bench), '--dtype', 'bfloat16', '--db', str(db)]) == 2
    assert '--dtype is for Hugging Face models' in capsys.readouterr().err


@pytest.mark.parametrize('kind', [pytest.param(k, marks=_tv) for k in VIDEO])
def test_cli_video_benchmark_bfloat16(kind, paths, tmp_path, capsys):
    "A video benchmark through `tma evaluate -m hf:PATH --dtype bfloat16 --batch-size 4`: the clips go to the video processor."
    bench = generate_benchmark(tmp_path / 'v', ['video-sg-what-object', 'video-sg-what-action'], n=2, seed=1, progress=False)
    db = tmp_path / 'r.db'
    _, st = _cli_bf16(paths[kind], bench, db, capsys)
    assert (st['items'], st['calls'], st['errors']) == (4, 4, 0)
    with ResultStore(db, readonly=True) as s: df = s.answers()
    assert len(df) == 4 and df.error.isna().all() and st['unparsed'] == int(df.choice.isna().sum())
