"End-to-end tests of the video scene-graph generators on the rendered fixture and on a rendered corpus, and of their independent check."
import dataclasses, io, json, subprocess, sys
from pathlib import Path
import pytest
from PIL import Image
from tma_nb.taxonomy import TmaError
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
from tma_nb.scenegraph_video import read_video_scene_graphs, VideoSGWhatObject, VideoSGWhatRelation, VideoSGWhatAction
from tma_nb.scenegraph import read_scene_graphs, SGTruth

VGENS = ['video-sg-what-object', 'video-sg-what-relation', 'video-sg-what-action']

def tma(*args):
    return subprocess.run([str(Path(sys.executable).parent / 'tma'), *args], capture_output=True, text=True)

def test_generators_list_all_six_with_plans():
    r = tma('generators', '--json')
    assert r.returncode == 0, r.stderr
    counts = {g['name']: g['count'] for g in json.loads(r.stdout)}
    for n in ['sg-what-object', 'sg-what-attribute', 'sg-what-relation', *VGENS]: assert counts[n] > 0, n

@pytest.mark.parametrize('name', VGENS)
def test_video_instances_are_valid_and_deterministic(name):
    g, v = get_generator(name), Validator()
    idx = list(range(0, len(g.space), max(1, len(g.space) // 6)))[:6]
    for i in idx:
        ins = g.generate(g.space[i], index=1, seed=5)
        assert v.check(ins) == [], (ins.question, ins.options)
        assert len(ins.video) == ins.scene['frames'] and ins.fps == ins.scene['fps']
        assert Image.open(io.BytesIO(ins.video[0])).size == (224, 224)
        g2 = type(g)()   # a fresh generator, other call order: the same bytes
        again = g2.generate(g.space[i], index=1, seed=5)
        assert again.video == ins.video and again.options == ins.options and again.question == ins.question

def test_wrong_options_are_false_and_typed():
    g = get_generator('video-sg-what-relation')
    for i in range(len(g.space)):
        p = g.space[i]
        ins = g.generate(p, render=False)
        vg = g.vsgs[p['video_scene_graph']]
        held = {r for k in vg.keyframes for r in k.relations.get(p['object_name'], {}).get(p['relation_type'], ())}
        negs = set(ins.options) - {ins.answer}
        assert not negs & held and negs <= set(g.vocabulary(p['relation_type']))

def test_check_catches_a_true_wrong_option_and_a_second_answer():
    g, v = get_generator('video-sg-what-object'), Validator()
    ins = g.generate(g.space[0], render=False)
    vg = g.vsgs[ins.plan['video_scene_graph']]
    other = sorted(vg.object_names() - {ins.answer})[0]
    bad = dataclasses.replace(ins, options=[ins.answer, other, *[o for o in ins.options if o != ins.answer][:2]])
    assert any(f"wrong option {other!r} is in the video" in p for p in v.check(bad))
    sc = json.loads(json.dumps(ins.scene))
    kf = next(k for k in sc['graph']['keyframes'] if any(o['name'] == ins.answer for o in k['objects']))
    for o in kf['objects']: o['spatial'] = sorted(set(o['spatial']) | {ins.plan['relation']})
    assert any('not just the answer' in p for p in v.check(dataclasses.replace(ins, scene=sc)))

def test_plans_of_another_video_are_refused():
    g = get_generator('video-sg-what-action')
    p = dict(g.space[0]); p['action'] = 'no such action'
    with pytest.raises(TmaError, match='is not a plan of video'): g.generate(p)

def test_bad_subject_and_fps_and_missing_video(tmp_path):
    kf = [{'time': 1, 'objects': []}]
    for g, needle in [({'keyframes': kf, 'subject': ''}, "'subject' must be a non-empty string"),
                      ({'keyframes': kf, 'fps': -4}, "'fps' must be positive")]:
        f = tmp_path / 'v.json'; f.write_text(json.dumps({'a': g}))
        with pytest.raises(TmaError, match=needle): read_video_scene_graphs(f)
    f.write_text(json.dumps({'a': {'keyframes': kf}})); (tmp_path / 'vids').mkdir()
    with pytest.raises(TmaError, match=r"no video for 'a' \(looked for a.mp4\)"): read_video_scene_graphs(f, tmp_path / 'vids').video_path('a')

def test_rendered_corpus_runs_every_scene_graph_generator(tmp_path):
    r = tma('corpus', 'render', '--n', '6', '--seed', '1', '--out', str(tmp_path), '--quiet')
    assert r.returncode == 0, r.stderr
    vs = read_video_scene_graphs(tmp_path / 'video_scene_graphs.json', tmp_path / 'videos')
    sgs = read_scene_graphs(tmp_path / 'scene_graphs.json', tmp_path / 'images')
    assert len(vs) == 6 and len(sgs) == 6 and not vs.unmapped() and not sgs.unmapped() and not sgs.missing_images()
    v = Validator()
    for cls in (VideoSGWhatObject, VideoSGWhatRelation, VideoSGWhatAction):
        g = cls(vs)
        for i in range(0, len(g.space), max(1, len(g.space) // 3)): assert v.check(g.generate(g.space[i])) == []
    for name in ['sg-what-object', 'sg-what-relation']:
        g = get_generator(name, scene_graphs=tmp_path / 'scene_graphs.json', images=tmp_path / 'images')
        assert len(g.space) > 0, name
        for i in range(0, len(g.space), max(1, len(g.space) // 5)): assert v.check(g.generate(g.space[i])) == []
    # boxes come from the id mask: each lies inside the picture and the stored relations agree with them for left/right
    for sg in sgs:
        tr = SGTruth(sg, sgs.taxonomy, sgs.vocab)
        for s, rel, o in sg.relations: assert tr.holds(s, rel, o), (sg.id, s, rel, o)

def test_corpus_cli_rejects_bad_counts(tmp_path):
    r = tma('corpus', 'render', '--n', '0', '--out', str(tmp_path))
    assert r.returncode == 2 and 'argument --n: must be from 1' in r.stderr and r.stderr.count('\n') == 1

def test_video_benchmark_folder_round_trip(tmp_path):
    r = tma('generate', '-g', 'video-sg-what-object', '-g', 'video-sg-what-action', '-n', '4', '--out', str(tmp_path / 'b'), '--quiet')
    assert r.returncode == 0, r.stderr
    r = tma('validate', str(tmp_path / 'b'), '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out == {'checked': 4, 'failures': 0}
