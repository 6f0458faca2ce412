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

def _window(g, p):
    vg = g.vsgs[p['video_scene_graph']]
    return vg, vg.frames_in(vg.window(p['reference_action'], p['temporal_reference_type']))

def test_wrong_options_are_false_and_typed():
    g = get_generator('video-sg-what-relation')
    for i in range(len(g.space)):
        p = g.space[i]
        ins = g.generate(p, render=False)
        vg, frames = _window(g, p)
        assert frames and all(ins.answer in k.holds(p['object_name'], p['relation_type']) for k in frames)   # true of the whole window
        negs = set(ins.options) - {ins.answer}
        assert not negs & vg.seen(frames, p['object_name'], p['relation_type']) and negs <= set(g.vocabulary(p['relation_type']))

@pytest.mark.parametrize('name', ['video-sg-what-object', 'video-sg-what-action'])
def test_wrong_options_come_from_the_clip_when_it_has_them(name):
    "Every instance whose clip has a wrong option outside the window (or without the relation) offers at least one."
    g = get_generator(name)
    with_cands = 0
    for i in range(len(g.space)):
        p = g.space[i]
        ins = g.generate(p, index=2, render=False)
        vg = g.vsgs[p['video_scene_graph']]
        in_clip, _ = g.wrong_options(vg, p)
        in_video = vg.object_names() if name == 'video-sg-what-object' else vg.action_names()
        offered = (set(ins.options) - {ins.answer}) & in_video
        assert offered <= set(in_clip)
        if in_clip: with_cands += 1; assert offered, (ins.question, ins.options)
    assert with_cands > 0.5 * len(g.space)

def test_check_catches_a_true_wrong_option_and_a_partial_answer():
    g, v = get_generator('video-sg-what-object'), Validator()
    p = next(g.space[i] for i in range(len(g.space)) if g.space[i]['relation_type'] == 'spatial')
    ins = g.generate(p, render=False)
    assert v.check(ins) == []
    vg, frames = _window(g, p)
    times = {k.time for k in frames}
    other = next(o for o in ins.options if o != ins.answer and o in vg.object_names())   # a wrong option from the clip
    sc = json.loads(json.dumps(ins.scene))
    for kf in sc['graph']['keyframes']:   # put it where the answer is in every frame of the window (boxes and stored relations agree)
        if kf['time'] not in times: continue
        a, o = (next(x for x in kf['objects'] if x['name'] == n) for n in (ins.answer, other))
        o['box'], o['spatial'] = list(a['box']), list(a['spatial'])
    assert any(f"wrong option {other!r} can be read as {p['relation']!r} in the window" in x for x in v.check(dataclasses.replace(ins, scene=sc)))
    sc = json.loads(json.dumps(ins.scene))
    kf = next(k for k in sc['graph']['keyframes'] if k['time'] in times)
    a = next(x for x in kf['objects'] if x['name'] == ins.answer)
    a['box'], a['spatial'] = list(kf['subject_box']), []   # in one frame of the window the subject stands on the answer: the relation holds in part of it
    assert any('is not clearly' in x and 'at every keyframe of the window' in x for x in v.check(dataclasses.replace(ins, scene=sc)))

def test_corpus_relations_agree_with_the_3d_layout():
    "Relations read from the rendered boxes never contradict the table-plane offsets of the poses they were rendered from."
    import numpy as np
    from tma_nb.scenegraph import sg_taxonomy
    from tma_nb.scenegraph_corpus import corpus_clip, corpus_categories, clip_boxes, clip_scene_graph, CORPUS_VERSION
    from tma_nb.tabletop import render_frames
    from tma_nb.tabletop_video import camera_axes
    t = sg_taxonomy(); cats = corpus_categories(t)
    n_rel = 0
    for i in range(3):
        scene, acts, n = corpus_clip(np.random.default_rng([7, i, CORPUS_VERSION]), cats, t, 160)
        poses = [{o['id']: {'position': [*o['track'][f][:2], 0.0], 'yaw': o['track'][f][2]} for o in scene['objects']} for f in range(n)]
        g = clip_scene_graph(scene, acts, clip_boxes(scene, [ids for _, ids in render_frames(scene, poses)]))
        ax, a = camera_axes(scene['camera']['azimuth']), scene['objects'][0]
        for f, kf in enumerate(g['keyframes']):
            for o, ko in zip(scene['objects'][1:], kf['objects']):
                d = np.subtract(a['track'][f][:2], o['track'][f][:2])
                x, z = float(d @ ax['right']), float(d @ ax['towards the viewer'])
                for r in ko['spatial']:
                    n_rel += 1
                    assert {'to the left of': x < 0, 'to the right of': x > 0, 'in front of': z > 0, 'behind': z < 0}[r], (i, f, r, x, z)
    assert n_rel > 100

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
